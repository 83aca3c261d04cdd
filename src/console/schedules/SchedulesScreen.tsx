// Screen 7, Schedules: a project's schedules (rule, period, next occurrence), the create
// form, and — at /schedules/<id> — one schedule to edit, with its attached messages, its
// occurrences and results, its next occurrences, and deletion by typing its code.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { href, navigate, onLinkClick, useRoute } from "../app/router.ts";
import { Alert, Notice, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { useChosenProject } from "../reservations/ProjectPicker.tsx";
import { Pager } from "../app/paging.tsx";
import { CreateScheduleMutation, SchedulesQuery } from "./operations.ts";
import { ScheduleDetail } from "./ScheduleDetail.tsx";
import { ScheduleForm, type SubmitOutcome } from "./ScheduleForm.tsx";
import { DEFAULT_TIME_ZONE, type ScheduleValues } from "./rules.ts";
import { useRuleText } from "./useRuleText.ts";
import "./schedules.css";
import { useRefetchOn } from "../app/refetch.ts";

const PAGE_SIZE = 50;
const NEW: ScheduleValues = {
  code: "",
  weekdays: [],
  time: "09:00",
  timeZone: DEFAULT_TIME_ZONE,
  startsAt: "",
  endsAt: "",
  description: "",
};

export const scheduleLink = (id: string) => `/schedules/${encodeURIComponent(id)}`;

function ScheduleList({ projectId, refresh }: { projectId: string; refresh: number }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const ruleText = useRuleText();
  const requestError = useRequestErrorText();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: SchedulesQuery,
    variables: { projectId, first: PAGE_SIZE, after },
  });
  useRefetchOn(refresh, reexecute);
  const connection = data?.schedules;
  return (
    <section aria-labelledby="schedule-list-title">
      <h2 id="schedule-list-title">{t("schedules.list.title")}</h2>
      {error && <Alert>{requestError(error)}</Alert>}
      {!connection && fetching && <p>{t("common.loading")}</p>}
      {connection && connection.edges.length === 0 && <p>{t("schedules.list.empty")}</p>}
      {connection && connection.edges.length > 0 && (
        <>
          <p className="muted">{t("schedules.list.total", { count: connection.totalCount })}</p>
          <table aria-labelledby="schedule-list-title">
            <thead>
              <tr>
                <th scope="col">{t("schedules.list.columns.code")}</th>
                <th scope="col">{t("schedules.list.columns.rule")}</th>
                <th scope="col">{t("schedules.list.columns.period")}</th>
                <th scope="col">{t("schedules.list.columns.next")}</th>
                <th scope="col">{t("schedules.list.columns.templates")}</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node: s }) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a
                      href={href(scheduleLink(s.id))}
                      onClick={onLinkClick(scheduleLink(s.id))}
                      aria-label={t("schedules.detail.open", { code: s.code })}
                    >
                      {s.code}
                    </a>
                    {s.description && <div className="muted description">{s.description}</div>}
                  </th>
                  <td>{ruleText(s)}</td>
                  <td>{t("schedules.period", { start: s.startsAtLocal, end: s.endsAtLocal })}</td>
                  <td>
                    {!s.active
                      ? t("schedules.list.inactive")
                      : s.nextOccurrenceAt
                        ? formatDate(s.nextOccurrenceAt)
                        : t("schedules.list.none")}
                  </td>
                  <td>{s.templates.filter((tp) => !tp.detachedAt).length}</td>
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

export function SchedulesScreen() {
  const { t } = useTranslation();
  const client = useClient();
  const requestError = useRequestErrorText();
  const route = useRoute();
  const scheduleId = /^\/schedules\/([^/]+)$/.exec(route)?.[1];
  const [projectId, , picker] = useChosenProject();
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (message: string | null) => {
    setNotice(message);
    setRefresh((r) => r + 1);
  };

  async function create(values: ScheduleValues): Promise<SubmitOutcome> {
    if (!projectId) return t("errors.projectGone");
    const input = { projectId, ...values, startsAt: values.startsAt || null };
    const result = await client.mutation(CreateScheduleMutation, { input }).toPromise();
    const answer = result.data?.createSchedule;
    if (!answer) return result.error ? requestError(result.error) : t("errors.network");
    if (answer.__typename === "NotFoundError") return t("errors.projectGone");
    if (answer.__typename !== "MutationCreateScheduleSuccess") return answer;
    changed(t("schedules.create.created", { code: answer.data.code }));
    return null;
  }

  return (
    <main id="main" className="screen schedules">
      <h1>{t("schedules.title")}</h1>
      {notice && <Notice>{notice}</Notice>}
      {scheduleId ? (
        <>
          <p>
            <a href={href("/schedules")} onClick={onLinkClick("/schedules")}>
              ← {t("schedules.detail.back")}
            </a>
          </p>
          <ScheduleDetail
            key={scheduleId}
            id={decodeURIComponent(scheduleId)}
            onChanged={changed}
            onDeleted={(message) => {
              changed(message);
              navigate("/schedules");
            }}
          />
        </>
      ) : (
        <>
          <p>{t("schedules.intro")}</p>
          {picker}
          {projectId && (
            <>
              <ScheduleList key={projectId} projectId={projectId} refresh={refresh} />
              <ScheduleForm
                key={projectId}
                title={t("schedules.create.title")}
                submitLabel={t("schedules.create.submit")}
                initial={NEW}
                createdAt={null}
                resetOnSuccess
                onSubmit={create}
              />
            </>
          )}
        </>
      )}
    </main>
  );
}
