// Registering by documents: the review details and the proof file, sent as one GraphQL
// multipart request (urql puts the File into the multipart body itself). Every rule is
// shown under its field and checked before sending; the gateway's issues land there too.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, TextField, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { placeErrors } from "../errors.ts";
import { FileField, SelectField } from "./fields.tsx";
import { RegisterSenderMutation, SenderProjectsQuery } from "./operations.ts";
import {
  checkDocument,
  DOCUMENT_FIELDS,
  PROOF_ACCEPT,
  PURPOSE_MAX,
  type DocumentField,
  type DocumentValues,
} from "./rules.ts";
import { useRuleText } from "./SmsRegistration.tsx";

const EMPTY: Omit<DocumentValues, "proof"> = {
  number: "",
  projectId: "",
  contactEmail: "",
  contactPhone: "",
  purpose: "",
  expectedDailyVolume: "",
};

export function DocumentForm({ onSubmitted }: { onSubmitted(number: string): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const ruleText = useRuleText();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const titleId = useId();
  const [{ data: projects }] = useQuery({ query: SenderProjectsQuery });
  const [values, setValues] = useState(EMPTY);
  const [proof, setProof] = useState<File | null>(null);
  // The file input keeps its own value; a new key empties it after a successful request.
  const [fileKey, setFileKey] = useState(0);
  const [errors, setErrors] = useState<Partial<Record<DocumentField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const options = projects?.projects.edges.map(({ node }) => ({
    value: node.id,
    label: node.name,
  }));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkDocument({ ...values, proof });
    const first: Partial<Record<DocumentField, string>> = {};
    for (const b of broken) first[b.field] ??= ruleText(b);
    setErrors(first);
    setFormErrors([]);
    if (broken.length || !proof) return;
    setBusy(true);
    const result = await client
      .mutation(RegisterSenderMutation, {
        input: {
          method: "DOCUMENT",
          number: values.number,
          projectId: values.projectId,
          contactEmail: values.contactEmail.trim(),
          contactPhone: values.contactPhone,
          purpose: values.purpose,
          expectedDailyVolume: Number(values.expectedDailyVolume.trim()),
          proof,
        },
      })
      .toPromise();
    setBusy(false);
    const answer = result.data?.registerSenderNumber;
    if (!answer)
      return setFormErrors([result.error ? requestError(result.error) : t("errors.network")]);
    switch (answer.__typename) {
      case "MutationRegisterSenderNumberSuccess":
        setValues(EMPTY);
        setProof(null);
        setFileKey((k) => k + 1);
        return onSubmitted(answer.data.number);
      case "ConflictError":
        return setErrors({ number: t("senders.errors.duplicate") });
      case "LimitExceededError":
        return setFormErrors([
          t("senders.errors.limit", { current: answer.current, limit: answer.limit }),
        ]);
      case "NotFoundError":
        return setErrors({ projectId: t("errors.projectGone") });
      default: {
        const placed = placeErrors(answer, DOCUMENT_FIELDS);
        setErrors(
          Object.fromEntries(
            DOCUMENT_FIELDS.flatMap((f) =>
              placed.fields[f] ? [[f, placed.fields[f].message]] : [],
            ),
          ),
        );
        setFormErrors(placed.form.map(errorText));
      }
    }
  }

  const set = (field: keyof typeof EMPTY) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{t("senders.document.title")}</h3>
      <p className="hint">{t("senders.document.intro")}</p>
      <TextField
        label={t("senders.fields.number")}
        hint={t("senders.fields.numberHint")}
        error={errors.number}
        value={values.number}
        onChange={set("number")}
        required
      />
      <SelectField
        label={t("senders.fields.project")}
        hint={
          options?.length === 0 ? (
            <a href={href("/projects")} onClick={onLinkClick("/projects")}>
              {t("senders.fields.noProject")}
            </a>
          ) : (
            t("senders.fields.projectHint")
          )
        }
        error={errors.projectId}
        value={values.projectId}
        onChange={set("projectId")}
        options={options ?? []}
        placeholder={t("senders.fields.projectChoose")}
      />
      <TextField
        label={t("senders.fields.contactEmail")}
        hint={t("senders.fields.contactEmailHint")}
        error={errors.contactEmail}
        value={values.contactEmail}
        onChange={set("contactEmail")}
        autoComplete="email"
        required
      />
      <TextField
        label={t("senders.fields.contactPhone")}
        hint={t("senders.fields.contactPhoneHint")}
        error={errors.contactPhone}
        value={values.contactPhone}
        onChange={set("contactPhone")}
        autoComplete="tel"
        required
      />
      <TextField
        label={t("senders.fields.purpose")}
        hint={t("senders.fields.purposeHint")}
        error={errors.purpose}
        value={values.purpose}
        onChange={set("purpose")}
        max={PURPOSE_MAX}
        trimmed
        multiline
        required
      />
      <TextField
        label={t("senders.fields.volume")}
        hint={t("senders.fields.volumeHint")}
        error={errors.expectedDailyVolume}
        value={values.expectedDailyVolume}
        onChange={set("expectedDailyVolume")}
        required
      />
      <FileField
        key={fileKey}
        label={t("senders.fields.proof")}
        hint={t("senders.fields.proofHint")}
        error={errors.proof}
        accept={PROOF_ACCEPT}
        onChange={setProof}
      />
      {formErrors.map((e) => (
        <Alert key={e}>{e}</Alert>
      ))}
      {/* The 10-number limit, stated above the list, is announced with the button. */}
      <button type="submit" disabled={busy} aria-describedby="sender-limit">
        {busy ? t("senders.document.sending") : t("senders.document.submit")}
      </button>
    </form>
  );
}
