// The console's frame: signed out it shows the sign-in screen; signed in, the header
// (account, role, language, sign-out), the navigation and the screen the route names.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Provider, useQuery } from "urql";
import { LANGUAGES } from "../i18n/index.ts";
import { HistoryScreen } from "../history/HistoryScreen.tsx";
import { ProjectsScreen } from "../projects/ProjectsScreen.tsx";
import { ResultsScreen } from "../results/ResultsScreen.tsx";
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

function Screen() {
  const route = useRoute();
  const projectId = /^\/projects\/([^/]+)$/.exec(route)?.[1];
  const resultsOf = /^\/results\/([^/]+)$/.exec(route)?.[1];
  if (resultsOf) return <ResultsScreen key={resultsOf} requestId={decodeURIComponent(resultsOf)} />;
  if (route === "/history") return <HistoryScreen />;
  // Every path no other screen claims shows Projects.
  return <ProjectsScreen projectId={projectId ? decodeURIComponent(projectId) : null} />;
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  // The nav link of the screen shown (live results belong to History; "/" shows Projects).
  const section = route.startsWith("/results") ? "/history" : route === "/" ? "/projects" : route;
  const currentOf = (link: string) => (section.startsWith(link) ? ("page" as const) : undefined);
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
      <nav aria-label={t("app.mainNav")} className="nav">
        <a
          href={href("/projects")}
          onClick={onLinkClick("/projects")}
          aria-current={currentOf("/projects")}
        >
          {t("nav.projects")}
        </a>
        <a
          href={href("/history")}
          onClick={onLinkClick("/history")}
          aria-current={currentOf("/history")}
        >
          {t("history.nav")}
        </a>
      </nav>
      <Screen />
    </Provider>
  );
}
