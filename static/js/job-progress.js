// Poll a planner run's progress and update the page without reloading it.
(function () {
  const root = document.getElementById("job");
  if (!root) return;
  const url = root.dataset.progressUrl;
  const planUrl = root.dataset.planUrl;
  const pct = (x) => (x === null || x === undefined ? null : (x * 100).toFixed(1) + "%");
  function show(job) {
    document.getElementById("job-status").textContent = job.status;
    document.getElementById("job-elapsed").textContent = job.elapsed_s.toFixed(1);
    document.getElementById("job-coverage").textContent = pct(job.best_coverage) || "none yet";
    document.getElementById("job-bound").textContent = pct(job.bound) || "not known yet";
    const bar = document.getElementById("job-progress");
    bar.value = job.finished ? bar.max : Math.min(job.elapsed_s, bar.max);
    const message = document.getElementById("job-message");
    if (job.message) {
      message.querySelector("p").textContent = job.message;
      message.hidden = false;
    }
    if (job.plan_id) {
      const link = document.querySelector("#job-plan a");
      link.href = planUrl.replace(/0$/, String(job.plan_id));
      document.getElementById("job-plan").hidden = false;
    }
    const cancel = document.getElementById("cancel-form");
    if (cancel && job.finished) cancel.hidden = true;
  }
  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const job = await response.json();
        show(job);
        if (job.finished) return;
      }
    } catch (error) {
      // A dropped connection is retried on the next tick.
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
