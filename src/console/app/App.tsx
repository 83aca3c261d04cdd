// The console's frame: signed out it shows the sign-in screen; signed in, the header
// (account, role, language, sign-out), the navigation and the screen the route names.
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Provider, useQuery } from "urql";
import { LANGUAGES } from "../i18n/index.ts";
import { HistoryScreen } from "../history/HistoryScreen.tsx";
import { OptOutScreen } from "../optout/OptOutScreen.tsx";
import { ProjectsScreen } from "../projects/ProjectsScreen.tsx";
import { ReservationsScreen } from "../reservations/ReservationsScreen.tsx";
import { ResultsScreen } from "../results/ResultsScreen.tsx";
import { SchedulesScreen } from "../schedules/SchedulesScreen.tsx";
import { SendersScreen } from "../senders/SendersScreen.tsx";
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

// Loaded on first visit: the byte table and the CSV reader stay out of the first load.
const SendScreen = lazy(() =>
  import("../send/SendScreen.tsx").then((m) => ({ default: m.SendScreen })),
);
// Also on first visit: most sessions never open the webhook endpoints.
const WebhooksScreen = lazy(() =>
  import("../webhooks/WebhooksScreen.tsx").then((m) => ({ default: m.WebhooksScreen })),
);

/**
 * The screens, in navigation order: the route that shows each, its nav label (a catalog
 * key), and what it renders for the route's captures. Routes below a screen's own (e.g.
 * /results/… under History) name their section with `section`.
 */
interface ScreenEntry {
  /** The nav link's route; null for screens reached only from another screen. */
  link: string | null;
  label?: string;
  match: RegExp;
  section?: string;
  render(captures: string[]): React.ReactElement;
}

const SCREENS: ScreenEntry[] = [
  {
    link: "/projects",
    label: "nav.projects",
    match: /^\/(?:projects(?:\/([^/]+))?)?$/,
    render: ([id]) => <ProjectsScreen projectId={id ? decodeURIComponent(id) : null} />,
  },
  { link: "/senders", label: "senders.nav", match: /^\/senders$/, render: () => <SendersScreen /> },
  { link: "/send", label: "send.nav", match: /^\/send$/, render: () => <SendScreen /> },
  { link: "/history", label: "history.nav", match: /^\/history$/, render: () => <HistoryScreen /> },
  {
    link: null,
    section: "/history",
    match: /^\/results\/([^/]+)$/,
    render: ([id]) => <ResultsScreen key={id} requestId={decodeURIComponent(id!)} />,
  },
  {
    link: "/reservations",
    label: "reservations.nav",
    match: /^\/reservations(?:\/.*)?$/,
    render: () => <ReservationsScreen />,
  },
  {
    link: "/schedules",
    label: "schedules.nav",
    match: /^\/schedules(?:\/.*)?$/,
    render: () => <SchedulesScreen />,
  },
  { link: "/opt-out", label: "optout.nav", match: /^\/opt-out$/, render: () => <OptOutScreen /> },
  {
    link: "/webhooks",
    label: "webhooks.nav",
    match: /^\/webhooks(?:\/([^/]+))?$/,
    render: ([id]) => <WebhooksScreen endpointId={id ? decodeURIComponent(id) : null} />,
  },
];

function screenOf(route: string): { entry: ScreenEntry; captures: string[] } {
  for (const entry of SCREENS) {
    const m = entry.match.exec(route);
    if (m) return { entry, captures: m.slice(1) };
  }
  // Projects answers every path no other screen claims.
  return { entry: SCREENS[0]!, captures: [] };
}

function Screen() {
  const { t } = useTranslation();
  const { entry, captures } = screenOf(useRoute());
  return <Suspense fallback={<p>{t("common.loading")}</p>}>{entry.render(captures)}</Suspense>;
}

function Navigation() {
  const { t } = useTranslation();
  const { entry } = screenOf(useRoute());
  const section = entry.section ?? entry.link;
  return (
    <nav aria-label={t("app.mainNav")} className="nav">
      {SCREENS.filter((s) => s.link).map((s) => (
        <a
          key={s.link}
          href={href(s.link!)}
          onClick={onLinkClick(s.link!)}
          aria-current={s.link === section ? "page" : undefined}
        >
          {t(s.label as "nav.projects")}
        </a>
      ))}
    </nav>
  );
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
      <Navigation />
      <Screen />
    </Provider>
  );
}
