// A schedule's rule in the user's language: "Every day at 09:00 (Asia/Seoul)",
// "Monday, Friday at 18:30 (Europe/Berlin)".
import { useTranslation } from "react-i18next";
import { isEveryDay, type Weekday } from "./rules.ts";

export function useRuleText(): (s: {
  weekdays: readonly Weekday[];
  time: string;
  timeZone: string;
}) => string {
  const { t } = useTranslation();
  return (s) =>
    t("schedules.rule", {
      days: isEveryDay(s.weekdays)
        ? t("schedules.everyDayText")
        : s.weekdays.map((d) => t(`schedules.weekdays.${d}`)).join(", "),
      time: s.time,
      zone: s.timeZone,
    });
}
