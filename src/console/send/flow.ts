// The Send screen's two requests: the dry run (previewMessage), and the send itself, which
// is allowed only while the form still matches the preview and carries that preview's
// idempotency key. Typed errors are placed on the form's fields (form.ts).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { navigate } from "../app/router.ts";
import { useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { placeSendError, type PlacedSendError, type SendError, type SendValues } from "./form.ts";
import type { SendMessageInput } from "../gql/graphql.ts";
import { PreviewMessageMutation, SendMessageMutation } from "./operations.ts";
import type { PreviewData } from "./Preview.tsx";

export interface Previewed {
  data: PreviewData;
  /** The form it was made for; any change makes it stale. */
  signature: string;
  idempotencyKey: string;
}

/**
 * A fresh idempotency key per previewed form: pressing Send again after a lost answer
 * returns the request already accepted instead of sending twice. (getRandomValues, unlike
 * randomUUID, also exists on plain-HTTP origins other than localhost.)
 */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface FlowInput {
  values: SendValues;
  input: () => SendMessageInput;
  signature: string;
  /** The console's own checks found something: nothing is asked of the gateway. */
  blocked: boolean;
}

export function useSendFlow({ values, input, signature, blocked }: FlowInput) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<PlacedSendError | null>(null);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [preview, setPreview] = useState<Previewed | null>(null);
  const [busy, setBusy] = useState<"preview" | "send" | null>(null);

  const clear = () => {
    setServer(null);
    setFormErrors([]);
  };
  const fail = (answer: SendError) => {
    const placed = placeSendError(answer);
    setServer(placed);
    setFormErrors(placed.form.map(errorText));
  };

  async function runPreview() {
    setSubmitted(true);
    setPreview(null);
    if (blocked) return setFormErrors([t("send.preview.checkFirst")]);
    setBusy("preview");
    // The dry run always reports every row, so the report is complete whatever the policy.
    const result = await client
      .mutation(PreviewMessageMutation, { input: { ...input(), invalidRecipients: "SEND_VALID" } })
      .toPromise();
    setBusy(null);
    const answer = result.data?.previewMessage;
    if (!answer)
      return setFormErrors([result.error ? requestError(result.error) : t("errors.network")]);
    if (answer.__typename !== "MutationPreviewMessageSuccess") return fail(answer);
    clear();
    setPreview({ data: answer.data, signature, idempotencyKey: newIdempotencyKey() });
  }

  async function send() {
    if (!preview || preview.signature !== signature) return;
    setBusy("send");
    const result = await client
      .mutation(SendMessageMutation, {
        input: { ...input(), idempotencyKey: preview.idempotencyKey },
      })
      .toPromise();
    setBusy(null);
    const answer = result.data?.sendMessage;
    if (!answer)
      return setFormErrors([result.error ? requestError(result.error) : t("errors.network")]);
    if (answer.__typename !== "MutationSendMessageSuccess") return fail(answer);
    if (values.mode === "IMMEDIATE")
      navigate(`/results/${encodeURIComponent(answer.data.request.id)}`);
    else navigate(values.mode === "RESERVATION" ? "/reservations" : "/schedules");
  }

  // The row report: a refusal's rows, else the last preview's unusable and duplicate rows.
  const report = server?.rows
    ? { rejected: server.rows, duplicates: [] }
    : preview
      ? { rejected: preview.data.rejected, duplicates: preview.data.duplicates }
      : null;
  return { submitted, server, formErrors, preview, busy, report, clear, runPreview, send };
}
