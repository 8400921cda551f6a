// Start the NHS.UK frontend's components (header menu, error summary, ...).
import { initAll } from "../../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
