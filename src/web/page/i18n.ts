/**
 * The page's language (English default, Arabic right-to-left), kept in localStorage. Labels are
 * elements carrying `data-i18n` (+ `data-i18n-params`, `data-i18n-attr` for an attribute), so a
 * switch rewrites the labels in place: the waveform, the player and the focus stay as they are.
 */
import { ARABIC, ENGLISH, type StringKey } from "./strings.ts";

export type Language = "en" | "ar";
export type Params = Record<string, string | number>;

const STORAGE_KEY = "qs-language";
const state: { language: Language } = { language: readStoredLanguage() };

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "ar" ? "ar" : "en";
  } catch {
    return "en";
  }
}

export function currentLanguage(): Language {
  return state.language;
}

/** Arabic-Indic digits in Arabic, so numbers read naturally inside Arabic sentences. */
export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString(state.language === "ar" ? "ar-EG" : "en-US", { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, useGrouping: false });
}

export function t(key: StringKey, params: Params = {}): string {
  const template: string = (state.language === "ar" ? ARABIC : ENGLISH)[key] ?? ENGLISH[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

/** Marks `element` as showing `key` (its text, or `attribute`) and fills it in now. */
export function bindLabel<E extends HTMLElement>(element: E, key: StringKey, params: Params = {}, attribute?: string): E {
  const attributeKey = attribute ? `data-i18n-${attribute}` : "data-i18n";
  element.setAttribute(attributeKey, key);
  element.setAttribute(`${attributeKey}-params`, JSON.stringify(params));
  if (attribute) element.setAttribute(attribute, t(key, params));
  else element.textContent = t(key, params);
  return element;
}

const LABEL_ATTRIBUTES = ["title", "aria-label", "placeholder"];

function relabel(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n as StringKey, JSON.parse(element.getAttribute("data-i18n-params") ?? "{}") as Params);
  }
  for (const attribute of LABEL_ATTRIBUTES) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      const key = element.getAttribute(`data-i18n-${attribute}`) as StringKey;
      element.setAttribute(attribute, t(key, JSON.parse(element.getAttribute(`data-i18n-${attribute}-params`) ?? "{}") as Params));
    }
  }
}

const listeners = new Set<() => void>();

/** Called after every switch (for text that is not a bound label, e.g. formatted times). */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function applyLanguage(language: Language): void {
  state.language = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = language;
  document.documentElement.dir = language === "ar" ? "rtl" : "ltr";
  document.title = t("app.title");
  relabel(document);
  for (const listener of listeners) listener();
}
