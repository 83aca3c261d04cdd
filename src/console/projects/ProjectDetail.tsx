import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { Alert, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { AccessKeys } from "./AccessKeys.tsx";
import { DeleteProject } from "./DeleteProject.tsx";
import { ProjectQuery, UpdateProjectMutation } from "./operations.ts";
import { ProjectForm, type SubmitOutcome } from "./ProjectForm.tsx";
import { useRefetchOn } from "../app/refetch.ts";

interface Props {
  id: string;
  refresh: number;
  onChanged(message: string | null): void;
  onDeleted(message: string): void;
}

export function ProjectDetail({ id, refresh, onChanged, onDeleted }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const formatDate = useFormatDate();
  const requestError = useRequestErrorText();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ProjectQuery,
    variables: { id },
  });
  useRefetchOn(refresh, reexecute);

  if (error) return <Alert>{requestError(error)}</Alert>;
  if (!data) return fetching ? <p>{t("common.loading")}</p> : null;
  const project = data.node?.__typename === "Project" ? data.node : null;
  if (!project) return <Alert>{t("projects.detail.notFound")}</Alert>;

  async function rename(values: { name: string; description: string }): Promise<SubmitOutcome> {
    const result = await client
      .mutation(UpdateProjectMutation, { input: { id, ...values } })
      .toPromise();
    const answer = result.data?.updateProject;
    if (!answer) return result.error ? requestError(result.error) : t("errors.network");
    if (answer.__typename === "NotFoundError") return t("errors.projectGone");
    if (answer.__typename !== "MutationUpdateProjectSuccess") return answer;
    onChanged(t("projects.detail.renamed"));
    return null;
  }

  const restUrl = `${location.origin}/sms/v2/services/${project.serviceId}/messages`;
  return (
    <article aria-labelledby="project-title">
      <h2 id="project-title">{project.name}</h2>
      <p className="muted">
        {t("common.created")}: {formatDate(project.createdAt)}
      </p>
      <ProjectForm
        key={project.updatedAt}
        title={t("projects.detail.rename")}
        submitLabel={t("common.save")}
        initial={{ name: project.name, description: project.description }}
        onSubmit={rename}
      />
      <section aria-labelledby="rest-title" className="card">
        <h3 id="rest-title">{t("projects.detail.rest")}</h3>
        <dl className="pairs">
          <div>
            <dt>{t("projects.detail.serviceId")}</dt>
            <dd>
              <code>{project.serviceId}</code>
            </dd>
          </div>
          <div>
            <dt>{t("projects.detail.restUrl")}</dt>
            <dd>
              <code>{restUrl}</code>
            </dd>
          </div>
        </dl>
        <p className="hint">{t("projects.detail.restHint")}</p>
        <AccessKeys
          projectId={project.id}
          keys={project.accessKeys}
          onChanged={() => onChanged(null)}
        />
      </section>
      <DeleteProject id={project.id} name={project.name} onDeleted={onDeleted} />
    </article>
  );
}
