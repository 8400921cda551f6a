// Tell the NHS.UK frontend's styles that scripts run (before anything is drawn).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
