// "Print" links: open the browser's print dialogue (no inline handler, so the page's
// Content-Security-Policy needs no exception).
document.querySelectorAll("[data-print]").forEach((link) => {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
});
