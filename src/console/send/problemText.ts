// The console's own sentence for each rule it checks before sending, in the chosen language.
import { useTranslation } from "react-i18next";
import { useFormatDate } from "../app/ui.tsx";
import type { LocalProblem } from "./form.ts";
import { format080 } from "./rules.ts";

export function useProblemText(number080: string | null): (p: LocalProblem) => string {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (p) => {
    switch (p.kind) {
      case "required":
        return p.field === "projectId"
          ? t("send.project.required")
          : p.field === "from"
            ? t("send.sender.required")
            : p.field === "recipients"
              ? t("send.recipients.required")
              : t("send.timing.scheduleRequired");
      case "text": {
        const q = p.problem;
        if (q.kind === "empty") return t("send.text.empty");
        if (q.kind === "tooLong")
          return t("send.text.tooLong", { type: p.type, bytes: q.bytes, limit: q.limit });
        const chars = q.chars
          .map((c) =>
            t("send.text.char", { char: c.char, codePoint: c.codePoint, position: c.index + 1 }),
          )
          .join(", ");
        return t("send.text.unencodable", { chars });
      }
      case "ad":
        return t(`send.contentType.problems.${p.problem}`, {
          number: number080 ? format080(number080) : "080-XXX-XXXX",
        });
      case "fileCount":
        return t("send.files.tooMany", { extra: p.count - 3 });
      case "file": {
        const q = p.problem;
        const name = p.name;
        switch (q.kind) {
          case "nameTooLong":
            return t("send.files.problems.nameTooLong", { name, length: q.length });
          case "tooBig":
            return t("send.files.problems.tooBig", { name, size: q.size.toLocaleString("en") });
          case "tooLarge":
            return t("send.files.problems.tooLarge", { name, width: q.width, height: q.height });
          default:
            return t(`send.files.problems.${q.kind}`, { name });
        }
      }
      case "reservation": {
        const q = p.problem;
        if (q.kind === "tooSoon")
          return t("send.timing.problems.tooSoon", { date: formatDate(q.earliest.toISOString()) });
        if (q.kind === "tooLate")
          return t("send.timing.problems.tooLate", { date: formatDate(q.latest.toISOString()) });
        return t(`send.timing.problems.${q.kind}`);
      }
    }
  };
}
