// Screen 8, 080 opt-out: per project, the 080 service (apply, cancel, the 080 number,
// terminate) and, while it is COMPLETE, its opt-out list (search, manual add and delete);
// operators also complete applications and simulate ARS calls.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, Notice, useRequestErrorText } from "../app/ui.tsx";
import { SelectField } from "../senders/fields.tsx";
import { ViewerQuery } from "../session/SignIn.tsx";
import { NumberEditor } from "./NumberEditor.tsx";
import { NumberList } from "./NumberList.tsx";
import { OperatorPanel } from "./OperatorPanel.tsx";
import { OptOutProjectsQuery } from "./operations.ts";
import { ServicePanel } from "./ServicePanel.tsx";
import "./optout.css";
import { useRefetchOn } from "../app/refetch.ts";

export function OptOutScreen() {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const [{ data: viewer }] = useQuery({ query: ViewerQuery });
  const [{ data, error }, reexecute] = useQuery({ query: OptOutProjectsQuery });
  const [chosen, setChosen] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useRefetchOn(refresh, reexecute);
  const changed = (message: string | null) => {
    setNotice(message);
    setRefresh((r) => r + 1);
  };

  const projects = data?.projects.edges.map((e) => e.node) ?? [];
  const project = projects.find((p) => p.id === chosen) ?? projects[0];
  const service = project?.optOutService ?? null;

  return (
    <main id="main" className="screen">
      <h1>{t("optout.title")}</h1>
      <p>{t("optout.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {error && <Alert>{requestError(error)}</Alert>}
      {data && projects.length === 0 && (
        <p>
          <a href={href("/projects")} onClick={onLinkClick("/projects")}>
            {t("optout.noProject")}
          </a>
        </p>
      )}
      {project && (
        <>
          <SelectField
            label={t("optout.project")}
            hint={t("optout.projectHint")}
            value={project.id}
            onChange={(id) => {
              setChosen(id);
              setNotice(null);
            }}
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
          />
          <ServicePanel
            key={project.id}
            projectId={project.id}
            service={service}
            onChanged={changed}
          />
          {service?.status === "COMPLETE" && (
            <>
              <NumberEditor
                key={`edit-${project.id}`}
                projectId={project.id}
                onChanged={() => changed(null)}
              />
              <NumberList key={`list-${project.id}`} projectId={project.id} refresh={refresh} />
            </>
          )}
        </>
      )}
      {viewer?.viewer.role === "OPERATOR" && <OperatorPanel onChanged={() => changed(null)} />}
    </main>
  );
}
