// Registering by documents: the review details and the proof file, sent as one GraphQL
// multipart request (urql puts the File into the multipart body itself). Every rule is
// shown under its field and checked before sending; the gateway's issues land there too.
import type { ResultOf } from "@graphql-typed-document-node/core";
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

type Errors = Partial<Record<DocumentField, string>>;
type Answer = NonNullable<ResultOf<typeof RegisterSenderMutation>["registerSenderNumber"]>;

function useRegisterDocument() {
  const client = useClient();
  return (values: typeof EMPTY, proof: File) =>
    client
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
}

/** Field errors and form errors for a refused registration. */
function useAnswerErrors() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (answer: Exclude<Answer, { __typename: "MutationRegisterSenderNumberSuccess" }>) => {
    switch (answer.__typename) {
      case "ConflictError":
        return { fields: { number: t("senders.errors.duplicate") }, form: [] };
      case "LimitExceededError":
        return {
          fields: {},
          form: [t("senders.errors.limit", { current: answer.current, limit: answer.limit })],
        };
      case "NotFoundError":
        return { fields: { projectId: t("errors.projectGone") }, form: [] };
      default: {
        const placed = placeErrors(answer, DOCUMENT_FIELDS);
        const fields: Errors = Object.fromEntries(
          DOCUMENT_FIELDS.flatMap((f) => (placed.fields[f] ? [[f, placed.fields[f].message]] : [])),
        );
        return { fields, form: placed.form.map(errorText) };
      }
    }
  };
}

/** The form's state, its checks and the request. */
function useDocumentForm(onSubmitted: (number: string) => void) {
  const { t } = useTranslation();
  const ruleText = useRuleText();
  const requestError = useRequestErrorText();
  const register = useRegisterDocument();
  const answerErrors = useAnswerErrors();
  const [values, setValues] = useState(EMPTY);
  const [proof, setProof] = useState<File | null>(null);
  // The file input keeps its own value; a new key empties it after a successful request.
  const [fileKey, setFileKey] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkDocument({ ...values, proof });
    const first: Errors = {};
    for (const b of broken) first[b.field] ??= ruleText(b);
    setErrors(first);
    setFormErrors([]);
    if (broken.length || !proof) return;
    setBusy(true);
    const result = await register(values, proof);
    setBusy(false);
    const answer = result.data?.registerSenderNumber;
    if (!answer)
      return setFormErrors([result.error ? requestError(result.error) : t("errors.network")]);
    if (answer.__typename === "MutationRegisterSenderNumberSuccess") {
      setValues(EMPTY);
      setProof(null);
      setFileKey((k) => k + 1);
      return onSubmitted(answer.data.number);
    }
    const refused = answerErrors(answer);
    setErrors(refused.fields);
    setFormErrors(refused.form);
  }

  const set = (field: keyof typeof EMPTY) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  return { values, set, setProof, fileKey, errors, formErrors, busy, submit };
}

function ProjectField({
  error,
  value,
  onChange,
}: {
  error?: string;
  value: string;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const [{ data: projects }] = useQuery({ query: SenderProjectsQuery });
  const options = projects?.projects.edges.map(({ node }) => ({
    value: node.id,
    label: node.name,
  }));
  return (
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
      error={error}
      value={value}
      onChange={onChange}
      options={options ?? []}
      placeholder={t("senders.fields.projectChoose")}
    />
  );
}

function ContactFields({ form }: { form: ReturnType<typeof useDocumentForm> }) {
  const { t } = useTranslation();
  const { values, set, errors } = form;
  return (
    <>
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
    </>
  );
}

function UsageFields({ form }: { form: ReturnType<typeof useDocumentForm> }) {
  const { t } = useTranslation();
  const { values, set, errors } = form;
  return (
    <>
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
    </>
  );
}

export function DocumentForm({ onSubmitted }: { onSubmitted(number: string): void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const form = useDocumentForm(onSubmitted);
  const { values, set, errors, busy } = form;

  return (
    <form onSubmit={form.submit} aria-labelledby={titleId} noValidate className="card">
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
      <ProjectField error={errors.projectId} value={values.projectId} onChange={set("projectId")} />
      <ContactFields form={form} />
      <UsageFields form={form} />
      <FileField
        key={form.fileKey}
        label={t("senders.fields.proof")}
        hint={t("senders.fields.proofHint")}
        error={errors.proof}
        accept={PROOF_ACCEPT}
        onChange={form.setProof}
      />
      {form.formErrors.map((e) => (
        <Alert key={e}>{e}</Alert>
      ))}
      {/* The 10-number limit, stated above the list, is announced with the button. */}
      <button type="submit" disabled={busy} aria-describedby="sender-limit">
        {busy ? t("senders.document.sending") : t("senders.document.submit")}
      </button>
    </form>
  );
}
