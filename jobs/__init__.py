"""Background solving: the task queue, the job rows that track it, and the solve page."""
