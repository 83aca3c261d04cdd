// The parts of one schedule's page that only show what the gateway holds: the next
// occurrences (Schedule.upcoming, computed by the gateway's own rule) and the attached
// messages (detachable); the occurrences handled so far are in Occurrences.tsx.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, Notice, useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import type { ConsoleScheduleQuery } from "../gql/graphql.ts";
import { DetachTemplateMutation } from "./operations.ts";
import { wallTime } from "./rules.ts";

type Schedule = Extract<NonNullable<ConsoleScheduleQuery["node"]>, { __typename: "Schedule" }>;

export function Upcoming({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <section aria-labelledby="upcoming-title" className="card">
      <h3 id="upcoming-title">{t("schedules.detail.next")}</h3>
      <p className="hint">{t("schedules.detail.nextHint")}</p>
      {schedule.upcoming.length === 0 ? (
        <p>{t("schedules.detail.noNext")}</p>
      ) : (
        <ol aria-labelledby="upcoming-title">
          {schedule.upcoming.map((at) => (
            <li key={at}>
              {wallTime(new Date(at), schedule.timeZone)} ({schedule.timeZone}) —{" "}
              <span className="muted">{formatDate(at)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type Template = Schedule["templates"][number];

function TemplateRow({ tp, onDetach }: { tp: Template; onDetach(id: string): void }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <tr>
      <th scope="row">{formatDate(tp.createdAt)}</th>
      <td className="description">
        <span className="muted">
          {tp.request.type} · {tp.request.contentType} · {tp.request.from}
        </span>
        {tp.request.subject && <div>{tp.request.subject}</div>}
        <div>{tp.request.content}</div>
      </td>
      <td>{tp.request.recipientCount}</td>
      <td>
        {tp.detachedAt ? (
          t("schedules.templates.detachedAt", { date: formatDate(tp.detachedAt) })
        ) : (
          <>
            {t("schedules.templates.attached")}{" "}
            <button
              type="button"
              aria-label={t("schedules.templates.detachLabel", {
                date: formatDate(tp.createdAt),
              })}
              onClick={() => onDetach(tp.id)}
            >
              {t("schedules.templates.detach")}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

export function Templates({
  schedule,
  onChanged,
}: {
  schedule: Schedule;
  onChanged(message: string | null): void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function detach(id: string) {
    setError(null);
    const result = await client.mutation(DetachTemplateMutation, { id }).toPromise();
    const answer = result.data?.detachScheduleTemplate;
    if (!answer) return setError(result.error ? requestError(result.error) : t("errors.network"));
    if (answer.__typename !== "MutationDetachScheduleTemplateSuccess")
      return setError(errorText(answer));
    setNotice(t("schedules.templates.detachedNotice"));
    onChanged(null);
  }

  return (
    <section aria-labelledby="templates-title" className="card">
      <h3 id="templates-title">{t("schedules.templates.title")}</h3>
      {notice && <Notice>{notice}</Notice>}
      {error && <Alert>{error}</Alert>}
      {schedule.templates.length === 0 ? (
        <p>{t("schedules.templates.empty")}</p>
      ) : (
        <table aria-labelledby="templates-title">
          <thead>
            <tr>
              <th scope="col">{t("schedules.templates.columns.attached")}</th>
              <th scope="col">{t("schedules.templates.columns.message")}</th>
              <th scope="col">{t("schedules.templates.columns.recipients")}</th>
              <th scope="col">{t("schedules.templates.columns.state")}</th>
            </tr>
          </thead>
          <tbody>
            {schedule.templates.map((tp) => (
              <TemplateRow key={tp.id} tp={tp} onDetach={(id) => void detach(id)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
