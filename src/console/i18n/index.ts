// i18next set-up for the console: the three catalogs, the chosen language (remembered in
// localStorage, else the browser's), and the <html lang> that follows it.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";
import { ja } from "./ja.ts";
import { ko } from "./ko.ts";

export const LANGUAGES = ["ko", "ja", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "sgw.console.language";

declare module "i18next" {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(stored as Language)) return stored as Language;
  const browser = navigator.language.slice(0, 2);
  return LANGUAGES.includes(browser as Language) ? (browser as Language) : "en";
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko }, ja: { translation: ja } },
    lng: initialLanguage(),
    fallbackLng: "en",
    // React escapes what it renders; escaping here too would show &amp; etc.
    interpolation: { escapeValue: false },
    // The catalogs are bundled: no reason to render a frame without text.
    initAsync: false,
  });
  const apply = (lng: string) => {
    document.documentElement.lang = lng;
    document.title = i18next.t("app.title");
  };
  apply(i18next.language);
  i18next.on("languageChanged", (lng) => {
    localStorage.setItem(STORAGE_KEY, lng);
    apply(lng);
  });
  return i18next;
}
