"""Run the planner in a child process, so a job can be cancelled at once and a crash is
contained; progress and the result come back over a pipe."""

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass

PROGRESS_INTERVAL_S = 0.5  # how often the child reports, at most


@dataclass(frozen=True)
class Outcome:
    status: str  # "done", "infeasible", "undecided", "failed" or "cancelled"
    plan_json: dict | None = None
    message: str = ""
    bound: float | None = None


def _solve_in_child(inbox, connection) -> None:
    """Child side: receive the instance and options, solve, and send ('progress', ...)
    messages, then ('result', ...)."""
    from scheduler import plan_to_json, read_instance, read_plan, solve

    instance_json, options = inbox.recv()
    inbox.close()

    last = [0.0]

    def on_progress(elapsed_s: float, best_coverage: float | None, bound: float | None) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL_S:
            last[0] = now
            connection.send(("progress", elapsed_s, best_coverage, bound))

    try:
        instance = read_instance(instance_json)
        hint = read_plan(options["hint"]) if options.get("hint") else None
        result = solve(
            instance,
            time_limit_s=options["time_limit_s"],
            seed=options["seed"],
            workers=options["workers"],
            hint=hint,
            service_weights=options.get("service_weights"),
            on_progress=on_progress,
        )
        if result.plan is None:
            # Undecided: none was found in time, and none is proven not to exist.
            status = "infeasible" if result.impossible else "undecided"
            connection.send(("result", status, None, result.explanation, None))
        else:
            document = plan_to_json(result.plan)
            connection.send(("result", "done", document, "", result.plan.bound))
    except Exception as error:  # the parent reports it as a failed job
        connection.send(("result", "failed", None, f"{type(error).__name__}: {error}", None))
    finally:
        connection.close()


def run_solver(
    instance_json: dict,
    options: dict,
    *,
    on_progress: Callable[[float, float | None, float | None], None],
    cancelled: Callable[[], bool],
    poll_s: float = 0.25,
) -> Outcome:
    """Solve in a child process, relaying progress and stopping it when cancelled."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    inbox, outbox = context.Pipe(duplex=False)
    # The instance goes over a pipe of our own once the child has started, not as an
    # argument: start() writes its arguments to the child while this process still holds
    # the other end, so a child killed during that write (an out-of-memory kill as it
    # starts) left the write, and the job, waiting for good.
    child = context.Process(target=_solve_in_child, args=(inbox, sender))
    child.start()
    sender.close()
    inbox.close()
    started = time.monotonic()
    try:
        try:
            outbox.send((instance_json, options))
        except OSError:  # the child is gone: nobody reads the pipe
            child.join(timeout=5)
            return Outcome("failed", message=f"The planner stopped (exit {child.exitcode}).")
        finally:
            outbox.close()
        while True:
            if cancelled():
                child.terminate()
                return Outcome("cancelled", message="Cancelled before it finished.")
            if receiver.poll(poll_s):
                try:
                    message = receiver.recv()
                except EOFError:
                    child.join()
                    return Outcome(
                        "failed", message=f"The planner stopped (exit {child.exitcode})."
                    )
                if message[0] == "progress":
                    on_progress(*message[1:])
                else:
                    _, status, plan_json, text, bound = message
                    return Outcome(status, plan_json, text, bound)
            elif not child.is_alive():
                return Outcome("failed", message=f"The planner stopped (exit {child.exitcode}).")
            else:  # a heartbeat, so the page shows the run is alive before the first plan
                on_progress(time.monotonic() - started, None, None)
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
