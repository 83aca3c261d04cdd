// The dry run's answer: the type it goes out as (and why), the sender and content recipients
// see, the totals, and which recipients would be blocked (opted out of advertising).
import { useTranslation } from "react-i18next";
import { Alert } from "../app/ui.tsx";
import type { ConsolePreviewMessageMutation } from "../gql/graphql.ts";

export type PreviewData = Extract<
  ConsolePreviewMessageMutation["previewMessage"],
  { __typename: "MutationPreviewMessageSuccess" }
>["data"];

const TOTALS = [
  "recipients",
  "sendable",
  "blocked",
  "rejected",
  "duplicates",
  "totalBytes",
] as const;
const NOTES = ["AUTO_SMS", "AUTO_LMS", "AUTO_MMS", "MMS_WITHOUT_FILES_SENT_AS_LMS"] as const;

export function Preview({
  data,
  stale,
  refuseAll,
}: {
  data: PreviewData;
  stale: boolean;
  refuseAll: boolean;
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const blocked = data.recipients.filter((r) => r.blocked);
  const note = NOTES.find((n) => n === data.typeNote);
  return (
    <section aria-labelledby="preview-title" className={stale ? "preview stale" : "preview"}>
      <h3 id="preview-title">{t("send.preview.result", { type: data.type })}</h3>
      {stale && <p className="warning">{t("send.preview.stale")}</p>}
      {note && <p>{t(`send.preview.typeNotes.${note}`)}</p>}
      <dl className="pairs">
        <div>
          <dt>{t("send.preview.effectiveFrom")}</dt>
          <dd>
            <code>{data.effectiveFrom}</code>
          </dd>
        </div>
        {TOTALS.map((k) => (
          <div key={k}>
            <dt>{t(`send.preview.totals.${k}`)}</dt>
            <dd>{number.format(data.totals[k])}</dd>
          </div>
        ))}
      </dl>
      <figure>
        <figcaption>{t("send.preview.content")}</figcaption>
        <pre>{data.content}</pre>
      </figure>
      {refuseAll && data.totals.rejected > 0 && (
        <p role="alert" className="alert">
          {t("send.preview.refuseAllWarning", { count: data.totals.rejected })}
        </p>
      )}
      {blocked.length > 0 && (
        <table>
          <caption>{t("send.preview.blockedTitle", { count: data.totals.blocked })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("send.preview.blockedColumns.to")}</th>
              <th scope="col">{t("send.preview.blockedColumns.code")}</th>
              <th scope="col">{t("send.preview.blockedColumns.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {blocked.map((r) => (
              <tr key={r.to}>
                <th scope="row">
                  <code>{r.to}</code>
                </th>
                <td>
                  <code>{r.blockCode}</code>
                </td>
                <td>{r.blockReason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface SectionProps {
  preview: { data: PreviewData } | null;
  current: boolean;
  refuseAll: boolean;
  busy: "preview" | "send" | null;
  formErrors: readonly string[];
  mode: "IMMEDIATE" | "RESERVATION" | "SCHEDULE";
  onPreview(): void;
}

/** The last step: form-level errors, the preview, and the Preview and Send buttons. */
export function PreviewSection(props: SectionProps) {
  const { t } = useTranslation();
  const { preview, current, refuseAll, busy, formErrors, mode, onPreview } = props;
  const refused = current && refuseAll && (preview?.data.totals.rejected ?? 0) > 0;
  return (
    <>
      {formErrors.map((e) => (
        <Alert key={e}>{e}</Alert>
      ))}
      {preview && <Preview data={preview.data} stale={!current} refuseAll={refuseAll} />}
      <div className="actions">
        <button type="button" onClick={onPreview} disabled={busy !== null}>
          {busy === "preview" ? t("send.preview.running") : t("send.preview.run")}
        </button>
        <button
          type="submit"
          disabled={!current || refused || busy !== null}
          aria-describedby={current ? undefined : "send-needs-preview"}
        >
          {busy === "send"
            ? t("send.submit.sending")
            : t(`send.submit.${mode}`, { count: preview?.data.totals.recipients ?? 0 })}
        </button>
      </div>
      {!current && (
        <p id="send-needs-preview" className="hint">
          {t("send.submit.needsPreview")}
        </p>
      )}
    </>
  );
}
