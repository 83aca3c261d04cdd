// Screen 3, Send: the form (project and sender, message, recipients, timing), the rules
// checked as you type, the gateway's dry run (previewMessage), then the send itself, after
// which the console goes to the request's live results (or to the reservations).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Alert, useRequestErrorText } from "../app/ui.tsx";
import { useSendFlow } from "./flow.ts";
import { localProblems, toInput } from "./form.ts";
import { MessageFields, type FieldErrors } from "./MessageFields.tsx";
import { SendContextQuery } from "./operations.ts";
import { PreviewSection } from "./Preview.tsx";
import { useProblemText } from "./problemText.ts";
import { ProjectSender } from "./ProjectSender.tsx";
import { Recipients } from "./Recipients.tsx";
import { useSendState } from "./state.ts";
import { Timing } from "./Timing.tsx";
import "./send.css";

/** Kinds of local problem shown as the user types; the others wait for the first submit. */
const LIVE = new Set(["text", "ad", "file", "fileCount"]);

const section = (id: string, title: string, body: ReactNode) => (
  <section className="card" aria-labelledby={id}>
    <h3 id={id}>{title}</h3>
    {body}
  </section>
);

/** The screen's data: the projects and senders, the form, the send flow and the errors shown. */
function useSendScreen() {
  const [{ data: context, error: contextError }] = useQuery({ query: SendContextQuery });
  const form = useSendState(() => flow.clear());
  const { values, attachments, csv } = form;
  const projects = context?.projects.edges.map((e) => e.node) ?? [];
  const senders = context?.senderNumbers.edges.map((e) => e.node) ?? [];
  const optOut = projects.find((p) => p.id === values.projectId)?.optOutService ?? null;
  const number080 = optOut?.status === "COMPLETE" ? (optOut.number080 ?? null) : null;
  const problemText = useProblemText(number080);
  const now = new Date();
  const problems = localProblems(values, { attachments, csv: csv?.file ?? null, number080, now });
  const flow = useSendFlow({
    values,
    input: () =>
      toInput(
        values,
        attachments.map((a) => a.file),
        csv?.file ?? null,
      ),
    signature: form.signature,
    // A CSV the gateway cannot read refuses the whole send; broken rows are only bad rows.
    blocked: problems.length > 0 || (csv !== null && !csv.summary.ok),
  });
  const errors: FieldErrors = {};
  for (const p of problems)
    if (flow.submitted || LIVE.has(p.kind)) (errors[p.field] ??= []).push(problemText(p));
  for (const [field, messages] of Object.entries(flow.server?.fields ?? {}))
    (errors[field] ??= []).push(...(messages ?? []));
  return { context, contextError, form, flow, errors, projects, senders, optOut, now };
}

export function SendScreen() {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const { context, contextError, form, flow, errors, projects, senders, optOut, now } =
    useSendScreen();
  const { values, set, attachments, csv } = form;
  const { preview } = flow;
  const shared = { values, set, errors };

  return (
    <main id="main" className="screen send">
      <h1>{t("send.title")}</h1>
      <p>{t("send.intro")}</p>
      {contextError && <Alert>{requestError(contextError)}</Alert>}
      {!context && !contextError && <p>{t("send.loading")}</p>}
      <form
        noValidate
        aria-label={t("send.title")}
        onSubmit={(e) => {
          e.preventDefault();
          void flow.send();
        }}
      >
        {section(
          "send-from",
          t("send.sections.from"),
          <ProjectSender loaded={context !== undefined} {...{ projects, senders, ...shared }} />,
        )}
        {section(
          "send-message",
          t("send.sections.message"),
          <MessageFields
            {...shared}
            {...{ attachments, now }}
            optOut={optOut ? { status: optOut.status, number080: optOut.number080 ?? null } : null}
            onAddFiles={(f) => void form.addFiles(f)}
            onRemoveFile={form.removeFile}
          />,
        )}
        {section(
          "send-recipients",
          t("send.sections.recipients"),
          <Recipients
            {...shared}
            csv={csv}
            report={flow.report}
            onCsv={(f) => void form.chooseCsv(f)}
          />,
        )}
        {section("send-timing", t("send.sections.timing"), <Timing {...shared} />)}
        {section(
          "send-preview",
          t("send.sections.preview"),
          <PreviewSection
            preview={preview}
            current={preview !== null && preview.signature === form.signature}
            refuseAll={values.invalidRecipients === "REFUSE_ALL"}
            busy={flow.busy}
            formErrors={flow.formErrors}
            mode={values.mode}
            onPreview={() => void flow.runPreview()}
          />,
        )}
      </form>
    </main>
  );
}
