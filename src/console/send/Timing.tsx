// When the send goes out: now, at a reserved local time in an IANA zone (10 minutes to 180
// days ahead), or as a template of one of the project's schedules.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { useFormatDate } from "../app/ui.tsx";
import { RadioGroup, SelectField, TextInput } from "./fields.tsx";
import type { Mode, SendValues } from "./form.ts";
import type { FieldErrors } from "./MessageFields.tsx";
import { SendSchedulesQuery } from "./operations.ts";
import { timeZones } from "./timing.ts";

interface Props {
  values: SendValues;
  set<K extends keyof SendValues>(key: K, value: SendValues[K]): void;
  errors: FieldErrors;
}

function ScheduleField({ values, set, errors }: Props) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const [{ data }] = useQuery({
    query: SendSchedulesQuery,
    variables: { projectId: values.projectId },
    pause: !values.projectId,
  });
  const schedules = (data?.schedules.edges ?? [])
    .map((e) => e.node)
    .filter((s) => s.active && s.nextOccurrenceAt);
  if (data && schedules.length === 0)
    return (
      <div className="field">
        <p>{t("send.timing.noSchedules")}</p>
        <a href={href("/schedules")} onClick={onLinkClick("/schedules")}>
          {t("send.timing.createSchedule")}
        </a>
        {errors.scheduleCode?.map((e) => (
          <p key={e} className="field-error">
            {e}
          </p>
        ))}
      </div>
    );
  return (
    <SelectField
      label={t("send.timing.schedule")}
      value={values.scheduleCode}
      onChange={(v) => set("scheduleCode", v)}
      placeholder={t("send.timing.chooseSchedule")}
      options={schedules.map((s) => ({
        value: s.code,
        label: `${t("send.timing.scheduleOption", { code: s.code, time: s.time, timeZone: s.timeZone })} (${t("send.timing.scheduleNext", { date: formatDate(s.nextOccurrenceAt) })})${s.description ? ` — ${s.description}` : ""}`,
      }))}
      hint={t("send.timing.scheduleHint")}
      errors={errors.scheduleCode}
    />
  );
}

export function Timing(props: Props) {
  const { t } = useTranslation();
  const { values, set, errors } = props;
  const zones = useMemo(() => timeZones(), []);
  return (
    <>
      <RadioGroup<Mode>
        legend={t("send.timing.legend")}
        name="mode"
        value={values.mode}
        onChange={(v) => set("mode", v)}
        options={(["IMMEDIATE", "RESERVATION", "SCHEDULE"] as const).map((v) => ({
          value: v,
          label: t(`send.timing.${v}`),
        }))}
        errors={errors.mode}
      />
      {values.mode === "RESERVATION" && (
        <div className="reservation">
          <TextInput
            label={t("send.timing.localTime")}
            type="datetime-local"
            value={values.localTime}
            onChange={(v) => set("localTime", v)}
            hint={t("send.timing.localTimeHint")}
            errors={errors.localTime}
          />
          <SelectField
            label={t("send.timing.timeZone")}
            value={values.timeZone}
            onChange={(v) => set("timeZone", v)}
            options={zones.map((z) => ({ value: z, label: z }))}
            hint={t("send.timing.timeZoneHint")}
            errors={errors.timeZone}
          />
        </div>
      )}
      {values.mode === "SCHEDULE" && <ScheduleField {...props} />}
    </>
  );
}
