/** Short messages (an API `detail`, "Saved") in one polite live region at the bottom of the page. */
import { el } from "./dom.ts";

const TOAST_MS = 6000;

function region(): HTMLElement {
  let existing = document.getElementById("toasts");
  if (!existing) {
    existing = el("div", { id: "toasts", class: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(existing);
  }
  return existing;
}

export function showToast(message: string, kind: "info" | "error"): void {
  const toast = el("div", { class: `toast toast-${kind}` }, message);
  region().appendChild(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}
