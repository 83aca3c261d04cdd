// Screen 1, Projects: the list (paged), the create form, and — when the route names one —
// the project's detail (rename, REST access keys, delete).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { Pager } from "../app/paging.tsx";
import { href, navigate, onLinkClick } from "../app/router.ts";
import { Alert, Notice, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { CreateProjectMutation, ProjectsQuery } from "./operations.ts";
import { ProjectDetail } from "./ProjectDetail.tsx";
import { ProjectForm, type SubmitOutcome } from "./ProjectForm.tsx";
import { useRefetchOn } from "../app/refetch.ts";

const PAGE_SIZE = 20;

function ProjectList({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const requestError = useRequestErrorText();
  // Cursors of the pages before the current one, so "previous" needs no backward paging.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ProjectsQuery,
    variables: { first: PAGE_SIZE, after },
  });
  // A change made on this screen: read the list again from the gateway.
  useRefetchOn(refresh, reexecute);
  const connection = data?.projects;

  return (
    <section aria-labelledby="project-list-title">
      <h2 id="project-list-title">{t("projects.listLabel")}</h2>
      {error && <Alert>{requestError(error)}</Alert>}
      {!connection && fetching && <p>{t("common.loading")}</p>}
      {connection && connection.edges.length === 0 && <p>{t("projects.empty")}</p>}
      {connection && connection.edges.length > 0 && (
        <>
          <p className="muted">{t("projects.total", { count: connection.totalCount })}</p>
          <table aria-labelledby="project-list-title">
            <thead>
              <tr>
                <th scope="col">{t("projects.columns.name")}</th>
                <th scope="col">{t("projects.columns.description")}</th>
                <th scope="col">{t("projects.columns.serviceId")}</th>
                <th scope="col">{t("projects.columns.keys")}</th>
                <th scope="col">{t("projects.columns.created")}</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr key={node.id}>
                  <th scope="row">
                    <a
                      href={href(`/projects/${encodeURIComponent(node.id)}`)}
                      onClick={onLinkClick(`/projects/${encodeURIComponent(node.id)}`)}
                    >
                      {node.name}
                    </a>
                  </th>
                  <td className="description">{node.description}</td>
                  <td>
                    <code>{node.serviceId}</code>
                  </td>
                  <td>{node.accessKeys.filter((k) => !k.revokedAt).length}</td>
                  <td>{formatDate(node.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager cursors={cursors} setCursors={setCursors} pageInfo={connection.pageInfo} />
        </>
      )}
    </section>
  );
}

export function ProjectsScreen({ projectId }: { projectId: string | null }) {
  const { t } = useTranslation();
  const client = useClient();
  const requestError = useRequestErrorText();
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (message: string | null) => {
    setNotice(message);
    setRefresh((r) => r + 1);
  };

  async function create(values: { name: string; description: string }): Promise<SubmitOutcome> {
    const result = await client.mutation(CreateProjectMutation, { input: values }).toPromise();
    const answer = result.data?.createProject;
    if (!answer) return result.error ? requestError(result.error) : t("errors.network");
    if (answer.__typename !== "MutationCreateProjectSuccess") return answer;
    changed(t("projects.create.created", { name: answer.data.name }));
    return null;
  }

  return (
    <main id="main" className="screen">
      <h1>{t("projects.title")}</h1>
      {notice && <Notice>{notice}</Notice>}
      {projectId ? (
        <>
          <p>
            <a href={href("/projects")} onClick={onLinkClick("/projects")}>
              ← {t("projects.detail.back")}
            </a>
          </p>
          <ProjectDetail
            key={projectId}
            id={projectId}
            refresh={refresh}
            onChanged={changed}
            onDeleted={(message) => {
              changed(message);
              navigate("/projects");
            }}
          />
        </>
      ) : (
        <>
          <p>{t("projects.intro")}</p>
          <ProjectList refresh={refresh} />
          <ProjectForm
            title={t("projects.create.title")}
            submitLabel={t("projects.create.submit")}
            initial={{ name: "", description: "" }}
            resetOnSuccess
            onSubmit={create}
          />
        </>
      )}
    </main>
  );
}
