// The console's frame: signed out it shows the sign-in screen; signed in, the header
// (account, role, language, sign-out), the navigation and the screen the route names.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Provider, useQuery } from "urql";
import { LANGUAGES } from "../i18n/index.ts";
import { ProjectsScreen } from "../projects/ProjectsScreen.tsx";
import { ReservationsScreen } from "../reservations/ReservationsScreen.tsx";
import { SchedulesScreen } from "../schedules/SchedulesScreen.tsx";
import { createGatewayClient, type GatewayClient } from "../session/client.ts";
import { SignIn, ViewerQuery, type SignOutReason } from "../session/SignIn.tsx";
import { forgetKey, storedKey, storeKey } from "../session/storage.ts";
import { href, onLinkClick, useRoute } from "./router.ts";

function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      {t("language.label")}{" "}
      <select
        value={i18n.resolvedLanguage}
        onChange={(e) => void i18n.changeLanguage(e.target.value)}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {i18n.getFixedT(lng)("language.name")}
          </option>
        ))}
      </select>
    </label>
  );
}

function Account() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: ViewerQuery });
  if (!data) return <span className="account">{t("header.loading")}</span>;
  return (
    <dl className="account">
      <div>
        <dt>{t("header.account")}</dt>
        <dd>
          {data.account.name} <span className="muted">({data.viewer.accountId})</span>
        </dd>
      </div>
      <div>
        <dt>{t("header.role")}</dt>
        <dd>{t(`header.roles.${data.viewer.role}`)}</dd>
      </div>
    </dl>
  );
}

/** aria-current for a nav link: the route is the link's path or below it. */
const current = (route: string, path: string) =>
  route === path || route.startsWith(`${path}/`) ? ("page" as const) : undefined;

function Nav() {
  const { t } = useTranslation();
  const route = useRoute();
  const projects = route === "/" ? "page" : current(route, "/projects");
  return (
    <nav aria-label={t("app.mainNav")} className="nav">
      <a href={href("/projects")} onClick={onLinkClick("/projects")} aria-current={projects}>
        {t("nav.projects")}
      </a>
      <a
        href={href("/reservations")}
        onClick={onLinkClick("/reservations")}
        aria-current={current(route, "/reservations")}
      >
        {t("reservations.nav")}
      </a>
      <a
        href={href("/schedules")}
        onClick={onLinkClick("/schedules")}
        aria-current={current(route, "/schedules")}
      >
        {t("schedules.nav")}
      </a>
    </nav>
  );
}

function Screen() {
  const route = useRoute();
  const projectId = /^\/projects\/([^/]+)$/.exec(route)?.[1];
  if (route.startsWith("/reservations")) return <ReservationsScreen />;
  if (route.startsWith("/schedules")) return <SchedulesScreen />;
  // Projects is the first (and, for now, only) screen; every other path shows it too.
  return <ProjectsScreen projectId={projectId ? decodeURIComponent(projectId) : null} />;
}

export function App() {
  const { t } = useTranslation();
  const [reason, setReason] = useState<SignOutReason | null>(null);
  // Ends the session: the key is forgotten and the client's socket closed. Several failing
  // requests may report the same revoked key; ending twice changes nothing.
  const end = (why: SignOutReason) => {
    forgetKey();
    setSession((current) => {
      current?.dispose();
      return null;
    });
    setReason(why);
  };
  const begin = (key: string): GatewayClient => createGatewayClient(key, () => end("revoked"));
  // A reload of the tab keeps the session: the key is still in sessionStorage.
  const [session, setSession] = useState<GatewayClient | null>(() => {
    const key = storedKey();
    return key ? begin(key) : null;
  });

  const skip = (
    <a className="skip" href="#main">
      {t("app.skipToContent")}
    </a>
  );

  if (!session) {
    return (
      <>
        {skip}
        <header className="top">
          <span className="brand">{t("app.title")}</span>
          <LanguageSwitcher />
        </header>
        <SignIn
          reason={reason}
          onSignedIn={(key) => {
            storeKey(key);
            setReason(null);
            setSession(begin(key));
          }}
        />
      </>
    );
  }

  return (
    <Provider value={session.client}>
      {skip}
      <header className="top">
        <a className="brand" href={href("/")} onClick={onLinkClick("/")}>
          {t("app.title")}
        </a>
        <Account />
        <LanguageSwitcher />
        <button type="button" onClick={() => end("signedOut")}>
          {t("header.signOut")}
        </button>
      </header>
      <Nav />
      <Screen />
    </Provider>
  );
}
