// One schedule: its rule and period (editable), the next occurrences, the attached
// messages, the occurrences with their results — read again whenever the schedule's
// scheduleOccurrenceChanged stream reports one — and deletion by typing the code.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery, useSubscription } from "urql";
import { Alert, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { DeleteSchedule } from "./DeleteSchedule.tsx";
import { OccurrenceSubscription, ScheduleQuery, UpdateScheduleMutation } from "./operations.ts";
import type { ScheduleValues } from "./rules.ts";
import { ScheduleForm, type SubmitOutcome } from "./ScheduleForm.tsx";
import { Occurrences } from "./Occurrences.tsx";
import { Templates, Upcoming } from "./ScheduleParts.tsx";
import { useRuleText } from "./useRuleText.ts";

interface Props {
  id: string;
  onChanged(message: string | null): void;
  onDeleted(message: string): void;
}

export function ScheduleDetail({ id, onChanged, onDeleted }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const formatDate = useFormatDate();
  const ruleText = useRuleText();
  const requestError = useRequestErrorText();
  const [{ data, error }, reexecute] = useQuery({ query: ScheduleQuery, variables: { id } });
  const [live] = useSubscription(
    { query: OccurrenceSubscription, variables: { scheduleId: id } },
    (count: number = 0) => count + 1,
  );
  // Every handled occurrence changes the lists below: read the schedule again.
  useEffect(() => {
    if (live.data) reexecute({ requestPolicy: "network-only" });
  }, [live.data, reexecute]);

  if (error) return <Alert>{requestError(error)}</Alert>;
  if (!data) return <p>{t("common.loading")}</p>;
  const schedule = data.node?.__typename === "Schedule" ? data.node : null;
  if (!schedule) return <Alert>{t("schedules.detail.notFound")}</Alert>;

  const refresh = (message: string | null) => {
    onChanged(message);
    reexecute({ requestPolicy: "network-only" });
  };

  async function save(values: ScheduleValues): Promise<SubmitOutcome> {
    const input = { id, ...values, startsAt: values.startsAt || null };
    const result = await client.mutation(UpdateScheduleMutation, { input }).toPromise();
    const answer = result.data?.updateSchedule;
    if (!answer) return result.error ? requestError(result.error) : t("errors.network");
    if (answer.__typename === "NotFoundError") return t("schedules.detail.notFound");
    if (answer.__typename !== "MutationUpdateScheduleSuccess") return answer;
    refresh(t("schedules.edit.saved"));
    return null;
  }

  return (
    <article aria-labelledby="schedule-title">
      <h2 id="schedule-title">{schedule.code}</h2>
      <p>
        {ruleText(schedule)} ·{" "}
        {t("schedules.period", { start: schedule.startsAtLocal, end: schedule.endsAtLocal })}
      </p>
      <p className="muted">
        {t("schedules.detail.created")}: {formatDate(schedule.createdAt)}
      </p>
      {!schedule.active && <Alert>{t("schedules.detail.inactive")}</Alert>}
      {live.error && (
        <Alert>{t("schedules.live.failed", { error: requestError(live.error) })}</Alert>
      )}
      <Upcoming schedule={schedule} />
      <ScheduleForm
        key={schedule.updatedAt}
        title={t("schedules.edit.title")}
        submitLabel={t("schedules.edit.submit")}
        initial={{
          code: schedule.code,
          weekdays: [...schedule.weekdays],
          time: schedule.time,
          timeZone: schedule.timeZone,
          startsAt: schedule.startsAtLocal,
          endsAt: schedule.endsAtLocal,
          description: schedule.description,
        }}
        createdAt={schedule.createdAt}
        onSubmit={save}
      />
      <Templates schedule={schedule} onChanged={refresh} />
      <Occurrences scheduleId={schedule.id} timeZone={schedule.timeZone} version={live.data ?? 0} />
      <DeleteSchedule id={schedule.id} code={schedule.code} onDeleted={onDeleted} />
    </article>
  );
}
