// A minimal client router: the path under /console decides the screen; links push history
// entries and the server answers index.html for every such path (src/http/console.ts).
import { useSyncExternalStore } from "react";

export const BASE = "/console";
const CHANGE = "console:navigate";

const subscribe = (notify: () => void) => {
  window.addEventListener("popstate", notify);
  window.addEventListener(CHANGE, notify);
  return () => {
    window.removeEventListener("popstate", notify);
    window.removeEventListener(CHANGE, notify);
  };
};

/** The path below /console, always starting with "/" ("/" for the console's root). */
const current = () => location.pathname.slice(BASE.length).replace(/\/+$/, "") || "/";

export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}

export const href = (route: string) => `${BASE}${route}`;

export function navigate(route: string): void {
  if (current() === route) return;
  history.pushState(null, "", href(route));
  window.dispatchEvent(new Event(CHANGE));
}

/** For <a href> click handlers: plain clicks navigate in place, modified clicks open as usual. */
export function onLinkClick(route: string) {
  return (event: React.MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    navigate(route);
  };
}
