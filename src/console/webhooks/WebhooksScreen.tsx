// Screen 9, Webhooks: per project, its endpoints (URL, event types, status, batch size, lag,
// cursor) and the form to add one; /webhooks/<id> manages one endpoint (settings, secret
// rotation, test event, replay, delivery log, delete). Loaded on first visit (App.tsx).
// Lag and cursor are pushed by webhookEndpointLag (live.ts); nothing is polled.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, Notice, useRequestErrorText } from "../app/ui.tsx";
import { SelectField } from "../senders/fields.tsx";
import { CreateEndpoint } from "./CreateEndpoint.tsx";
import { EndpointDetail } from "./EndpointDetail.tsx";
import { EndpointList } from "./EndpointList.tsx";
import { memory } from "./memory.ts";
import { LagStreamText } from "./LagStreamText.tsx";
import { useLiveLags, useRereadOnChange } from "./live.ts";
import { WebhookProjectsQuery } from "./operations.ts";
import { withLiveLag } from "./rules.ts";
import "./webhooks.css";

function ProjectEndpoints() {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const [{ data, error }, reexecute] = useQuery({ query: WebhookProjectsQuery });
  const reread = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const [chosen, setChosen] = useState(memory.project);
  const [notice, setNotice] = useState<string | null>(() => {
    const n = memory.notice;
    memory.notice = null;
    return n;
  });
  const projects = data?.projects.edges.map((e) => e.node) ?? [];
  const project = projects.find((p) => p.id === chosen) ?? projects[0];
  const live = useLiveLags(project?.id ?? null);
  useRereadOnChange(project?.webhookEndpoints ?? null, live.lags, reread);

  return (
    <>
      {notice && <Notice>{notice}</Notice>}
      {error && <Alert>{requestError(error)}</Alert>}
      {data && projects.length === 0 && (
        <p>
          <a href={href("/projects")} onClick={onLinkClick("/projects")}>
            {t("webhooks.noProject")}
          </a>
        </p>
      )}
      {project && (
        <>
          <SelectField
            label={t("webhooks.project")}
            hint={t("webhooks.projectHint")}
            value={project.id}
            onChange={(id) => {
              setChosen(id);
              memory.project = id;
              setNotice(null);
            }}
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
          />
          <div className="actions">
            <button type="button" onClick={reread}>
              {t("webhooks.refresh")}
            </button>
          </div>
          <LagStreamText live={live} />
          <EndpointList
            name={project.name}
            endpoints={withLiveLag(project.webhookEndpoints, live.lags)}
          />
          <CreateEndpoint
            key={project.id}
            projectId={project.id}
            onCreated={(message) => {
              setNotice(message);
              reread();
            }}
          />
        </>
      )}
    </>
  );
}

export function WebhooksScreen({ endpointId }: { endpointId: string | null }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="screen">
      <h1>{t("webhooks.title")}</h1>
      <p>{t("webhooks.intro")}</p>
      {endpointId ? (
        <EndpointDetail key={endpointId} endpointId={endpointId} />
      ) : (
        <ProjectEndpoints />
      )}
    </main>
  );
}
