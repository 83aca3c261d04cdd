// Screen 3, Send: the form (project and sender, message, recipients, timing), the rules
// checked as you type, the gateway's dry run (previewMessage), then the send itself, after
// which the console goes to the request's live results (or to the reservations).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { href, navigate, onLinkClick } from "../app/router.ts";
import { Alert, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { SelectField } from "./fields.tsx";
import {
  initialValues,
  localProblems,
  placeSendError,
  toInput,
  type Attachment,
  type PlacedSendError,
  type SendError,
  type SendValues,
} from "./form.ts";
import { MessageFields, type FieldErrors } from "./MessageFields.tsx";
import { PreviewMessageMutation, SendContextQuery, SendMessageMutation } from "./operations.ts";
import { Preview, type PreviewData } from "./Preview.tsx";
import { useProblemText } from "./problemText.ts";
import { Recipients, type CsvImport } from "./Recipients.tsx";
import { summarizeCsv } from "./recipients.ts";
import { fileProblems } from "./rules.ts";
import { DEFAULT_TIME_ZONE } from "./timing.ts";
import { Timing } from "./Timing.tsx";
import "./send.css";

/** Kinds of local problem shown as the user types; the others wait for the first submit. */
const LIVE = new Set(["text", "ad", "file", "fileCount"]);

let attachmentIds = 0;

function identity(f: File) {
  return [f.name, f.size, f.lastModified];
}

export function SendScreen() {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [{ data: context, error: contextError }] = useQuery({ query: SendContextQuery });
  const [values, setValues] = useState<SendValues>(() => initialValues(DEFAULT_TIME_ZONE));
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [csv, setCsv] = useState<CsvImport | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<PlacedSendError | null>(null);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [preview, setPreview] = useState<{ data: PreviewData; signature: string } | null>(null);
  const [busy, setBusy] = useState<"preview" | "send" | null>(null);

  const projects = context?.projects.edges.map((e) => e.node) ?? [];
  const senders = context?.senderNumbers.edges.map((e) => e.node) ?? [];
  const project = projects.find((p) => p.id === values.projectId);
  const optOut = project?.optOutService ?? null;
  const number080 = optOut?.status === "COMPLETE" ? (optOut.number080 ?? null) : null;
  const problemText = useProblemText(number080);

  const set = <K extends keyof SendValues>(key: K, value: SendValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setServer(null);
    setFormErrors([]);
  };
  const signature = JSON.stringify([
    values,
    attachments.map((a) => identity(a.file)),
    csv ? identity(csv.file) : null,
  ]);
  const now = new Date();
  const problems = localProblems(values, { attachments, csv: csv?.file ?? null, number080, now });
  // A CSV the gateway cannot read refuses the whole send; broken rows are only bad rows.
  const csvBad = csv !== null && !csv.summary.ok;

  const errors: FieldErrors = {};
  for (const p of problems)
    if (submitted || LIVE.has(p.kind)) (errors[p.field] ??= []).push(problemText(p));
  for (const [field, messages] of Object.entries(server?.fields ?? {}))
    (errors[field] ??= []).push(...(messages ?? []));

  async function addFiles(files: File[]) {
    const checked = await Promise.all(
      files.map(async (file) => ({
        id: ++attachmentIds,
        file,
        problems: fileProblems(file.name, new Uint8Array(await file.arrayBuffer())),
      })),
    );
    setAttachments((a) => [...a, ...checked]);
  }

  async function chooseCsv(file: File | null) {
    setCsv(file ? { file, summary: summarizeCsv(await file.text()) } : null);
    setServer(null);
  }

  /** Shows a typed error next to its fields; true when there was one. */
  function showError(answer: SendError): void {
    const placed = placeSendError(answer);
    setServer(placed);
    setFormErrors(placed.form.map(errorText));
  }

  async function runPreview() {
    setSubmitted(true);
    setPreview(null);
    if (problems.length || csvBad) return setFormErrors([t("send.preview.checkFirst")]);
    setBusy("preview");
    const input = toInput(
      values,
      attachments.map((a) => a.file),
      csv?.file ?? null,
    );
    // The dry run always reports every row, so the report is complete whatever the policy.
    const result = await client
      .mutation(PreviewMessageMutation, { input: { ...input, invalidRecipients: "SEND_VALID" } })
      .toPromise();
    setBusy(null);
    const answer = result.data?.previewMessage;
    if (!answer)
      return setFormErrors([result.error ? requestError(result.error) : t("errors.network")]);
    if (answer.__typename !== "MutationPreviewMessageSuccess") return showError(answer);
    setServer(null);
    setFormErrors([]);
    setPreview({ data: answer.data, signature });
  }

  async function send() {
    if (!preview || preview.signature !== signature) return;
    setBusy("send");
    const input = toInput(
      values,
      attachments.map((a) => a.file),
      csv?.file ?? null,
    );
    const result = await client.mutation(SendMessageMutation, { input }).toPromise();
    setBusy(null);
    const answer = result.data?.sendMessage;
    if (!answer)
      return setFormErrors([result.error ? requestError(result.error) : t("errors.network")]);
    if (answer.__typename !== "MutationSendMessageSuccess") return showError(answer);
    if (values.mode === "IMMEDIATE")
      navigate(`/results/${encodeURIComponent(answer.data.request.id)}`);
    else navigate(values.mode === "RESERVATION" ? "/reservations" : "/schedules");
  }

  const current = preview !== null && preview.signature === signature;
  const refuseAll = values.invalidRecipients === "REFUSE_ALL";
  const blockedBySend = current && refuseAll && preview.data.totals.rejected > 0;
  const report = server?.rows
    ? { rejected: server.rows, duplicates: [] }
    : preview
      ? { rejected: preview.data.rejected, duplicates: preview.data.duplicates }
      : null;

  return (
    <main id="main" className="screen send">
      <h1>{t("send.title")}</h1>
      <p>{t("send.intro")}</p>
      {contextError && <Alert>{requestError(contextError)}</Alert>}
      {!context && !contextError && <p>{t("send.loading")}</p>}
      <form
        noValidate
        aria-labelledby="send-title"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <h2 id="send-title" className="visually-hidden">
          {t("send.title")}
        </h2>
        <section className="card" aria-labelledby="send-from">
          <h3 id="send-from">{t("send.sections.from")}</h3>
          {context && projects.length === 0 && (
            <p>
              {t("send.project.none")}{" "}
              <a href={href("/projects")} onClick={onLinkClick("/projects")}>
                {t("nav.projects")}
              </a>
            </p>
          )}
          <SelectField
            label={t("send.project.label")}
            value={values.projectId}
            onChange={(v) => set("projectId", v)}
            placeholder={t("send.project.choose")}
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
            hint={t("send.project.hint")}
            errors={errors.projectId}
          />
          {context && senders.length === 0 ? (
            <div className="field no-sender">
              <p>{t("send.sender.none")}</p>
              <p>{t("send.sender.hint")}</p>
              <a className="button" href={href("/senders")} onClick={onLinkClick("/senders")}>
                {t("send.sender.register")}
              </a>
              {errors.from?.map((e) => (
                <p key={e} className="field-error">
                  {e}
                </p>
              ))}
            </div>
          ) : (
            <SelectField
              label={t("send.sender.label")}
              value={values.from}
              onChange={(v) => set("from", v)}
              placeholder={t("send.sender.choose")}
              options={senders.map((s) => ({ value: s.number, label: s.number }))}
              hint={t("send.sender.hint")}
              errors={errors.from}
            />
          )}
        </section>
        <section className="card" aria-labelledby="send-message">
          <h3 id="send-message">{t("send.sections.message")}</h3>
          <MessageFields
            values={values}
            set={set}
            errors={errors}
            optOut={optOut ? { status: optOut.status, number080: optOut.number080 ?? null } : null}
            attachments={attachments}
            onAddFiles={(f) => void addFiles(f)}
            onRemoveFile={(i) => setAttachments((a) => a.filter((_, j) => j !== i))}
            now={now}
          />
        </section>
        <section className="card" aria-labelledby="send-recipients">
          <h3 id="send-recipients">{t("send.sections.recipients")}</h3>
          <Recipients
            values={values}
            set={set}
            errors={errors}
            csv={csv}
            onCsv={(f) => void chooseCsv(f)}
            report={report}
          />
        </section>
        <section className="card" aria-labelledby="send-timing">
          <h3 id="send-timing">{t("send.sections.timing")}</h3>
          <Timing values={values} set={set} errors={errors} />
        </section>
        <section className="card" aria-labelledby="send-preview">
          <h3 id="send-preview">{t("send.sections.preview")}</h3>
          {formErrors.map((e) => (
            <Alert key={e}>{e}</Alert>
          ))}
          {preview && <Preview data={preview.data} stale={!current} refuseAll={refuseAll} />}
          <div className="actions">
            <button type="button" onClick={() => void runPreview()} disabled={busy !== null}>
              {busy === "preview" ? t("send.preview.running") : t("send.preview.run")}
            </button>
            <button
              type="submit"
              disabled={!current || blockedBySend || busy !== null}
              aria-describedby="send-needs-preview"
            >
              {busy === "send"
                ? t("send.submit.sending")
                : t(`send.submit.${values.mode}`, {
                    count: preview?.data.totals.recipients ?? 0,
                  })}
            </button>
          </div>
          {!current && (
            <p id="send-needs-preview" className="hint">
              {t("send.submit.needsPreview")}
            </p>
          )}
        </section>
      </form>
    </main>
  );
}
