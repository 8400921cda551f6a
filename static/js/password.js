// Password boxes: a "Show" button beside each, and a strength meter under new passwords.
// Progressive enhancement: without scripts the boxes work as plain password inputs, and the
// server checks every rule (length, common passwords, username) whatever this says.
(function () {
  const MIN_LENGTH = 12; // as accounts/passwords.py insists
  const STRONG_LENGTH = 16;

  function addShowButton(input) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small app-password-toggle";
    button.textContent = "Show";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      const shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.textContent = shown ? "Hide" : "Show";
      button.setAttribute("aria-pressed", String(shown));
    });
    input.insertAdjacentElement("afterend", button);
  }

  function verdict(password, username) {
    if (!password) return { level: 0, text: "" };
    if (username && password.toLowerCase() === username.toLowerCase()) {
      return { level: 1, text: "Not allowed: this is your username." };
    }
    if (password.length < MIN_LENGTH) {
      return { level: 1, text: `Too short: ${password.length} of ${MIN_LENGTH} characters.` };
    }
    if (new Set(password).size < 4) {
      return { level: 1, text: "Weak: it repeats too few characters." };
    }
    if (password.length < STRONG_LENGTH) {
      return { level: 2, text: "Fair: long enough. A few more words make it stronger." };
    }
    return { level: 3, text: "Strong: long passwords are the hardest to guess." };
  }

  function addMeter(input) {
    const meter = document.createElement("meter");
    meter.min = 0;
    meter.max = 3;
    meter.value = 0;
    meter.className = "app-password-meter";
    meter.id = `${input.id}-strength`;
    const words = document.createElement("p");
    words.className = "nhsuk-body-s app-password-meter__text";
    words.id = `${input.id}-strength-text`;
    words.setAttribute("aria-live", "polite");
    meter.setAttribute("aria-labelledby", words.id);
    const account = document.querySelector("[data-username]");
    const username = account ? account.dataset.username : "";
    input.addEventListener("input", () => {
      const { level, text } = verdict(input.value, username);
      meter.value = level;
      words.textContent = text;
    });
    const after = input.nextElementSibling && input.nextElementSibling.matches(".app-password-toggle")
      ? input.nextElementSibling
      : input;
    after.insertAdjacentElement("afterend", words);
    after.insertAdjacentElement("afterend", meter);
  }

  document.querySelectorAll('input[type="password"]').forEach((input) => {
    addShowButton(input);
    if (input.autocomplete === "new-password" && !input.dataset.noMeter) {
      // One meter: for the new password, not for the box that repeats it.
      const first = document.querySelector('input[autocomplete="new-password"]');
      if (first === input) addMeter(input);
    }
  });
})();
