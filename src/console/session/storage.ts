// Where the signed-in API key lives: this tab's sessionStorage only — never a URL, never
// localStorage (which would outlive the tab and be shared with every other tab).
const KEY = "sgw.console.apiKey";

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);
