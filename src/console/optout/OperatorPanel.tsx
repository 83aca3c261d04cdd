// Operators: the 080 applications of every account waiting to be completed (which issues the
// 080 number), and a simulated call to an 080 number that puts the caller on its list.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import {
  Alert,
  Notice,
  TextField,
  useErrorText,
  useFormatDate,
  useRequestErrorText,
} from "../app/ui.tsx";
import { placeErrors } from "../errors.ts";
import { ApplicationsQuery, CompleteMutation, SimulateArsMutation } from "./operations.ts";
import { checkOptOutNumber } from "./rules.ts";
import { useRefetchOn } from "../app/refetch.ts";

function ArsCall({ onCalled }: { onCalled(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const titleId = useId();
  const [values, setValues] = useState({ number080: "", callerNumber: "" });
  const [errors, setErrors] = useState<{ number080?: string; callerNumber?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const caller = checkOptOutNumber(values.callerNumber);
    const next: typeof errors = {};
    if (!/^080\d{7}$/.test(values.number080.replace(/[\s\-.()]/g, "")))
      next.number080 = t("optout.ars.rules.number080");
    if ("code" in caller) next.callerNumber = t(`optout.invalid.${caller.code}`);
    setErrors(next);
    setFormError(null);
    setResult(null);
    if (next.number080 || next.callerNumber) return;
    const r = await client.mutation(SimulateArsMutation, values).toPromise();
    const answer = r.data?.simulateArsOptOut;
    if (!answer) return setFormError(r.error ? requestError(r.error) : t("errors.network"));
    switch (answer.__typename) {
      case "MutationSimulateArsOptOutSuccess":
        setResult(
          t(answer.data.alreadyPresent ? "optout.ars.already" : "optout.ars.added", {
            number: answer.data.number,
          }),
        );
        return onCalled();
      case "NotFoundError":
        return setErrors({ number080: t("optout.ars.unknown") });
      case "ValidationError": {
        const placed = placeErrors(answer, ["number080", "callerNumber"] as const);
        setErrors({
          number080: placed.fields.number080?.message,
          callerNumber: placed.fields.callerNumber?.message,
        });
        return setFormError(placed.form.map(errorText).join(" ") || null);
      }
      default:
        return setFormError(errorText(answer));
    }
  }

  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{t("optout.ars.title")}</h3>
      <p className="hint">{t("optout.ars.intro")}</p>
      <TextField
        label={t("optout.ars.number080")}
        hint={t("optout.ars.number080Hint")}
        error={errors.number080}
        value={values.number080}
        onChange={set("number080")}
      />
      <TextField
        label={t("optout.ars.caller")}
        hint={t("optout.ars.callerHint")}
        error={errors.callerNumber}
        value={values.callerNumber}
        onChange={set("callerNumber")}
      />
      {formError && <Alert>{formError}</Alert>}
      {result && <Notice>{result}</Notice>}
      <button type="submit">{t("optout.ars.submit")}</button>
    </form>
  );
}

export function OperatorPanel({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const formatDate = useFormatDate();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [{ data, error }, reexecute] = useQuery({
    query: ApplicationsQuery,
    variables: { status: "PROCESSING" },
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useRefetchOn(refresh, reexecute);

  async function complete(id: string, company: string) {
    setFailure(null);
    const r = await client.mutation(CompleteMutation, { id }).toPromise();
    const answer = r.data?.completeOptOutService;
    setRefresh((n) => n + 1);
    if (!answer) return setFailure(r.error ? requestError(r.error) : t("errors.network"));
    if (answer.__typename === "MutationCompleteOptOutServiceSuccess") {
      setNotice(t("optout.operator.completed", { company, number: answer.data.number080 ?? "" }));
      return onChanged();
    }
    setFailure(
      answer.__typename === "InvalidTransitionError" || answer.__typename === "NotFoundError"
        ? t("optout.errors.changed")
        : errorText(answer),
    );
  }

  const queue = data?.optOutServiceApplications;
  return (
    <section aria-labelledby="optout-operator-title" className="card">
      <h2 id="optout-operator-title">{t("optout.operator.title")}</h2>
      <p className="hint">{t("optout.operator.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {failure && <Alert>{failure}</Alert>}
      {error && <Alert>{requestError(error)}</Alert>}
      {queue && queue.edges.length === 0 && <p>{t("optout.operator.empty")}</p>}
      {queue && queue.edges.length > 0 && (
        <table aria-labelledby="optout-operator-title">
          <thead>
            <tr>
              <th scope="col">{t("optout.apply.companyName")}</th>
              <th scope="col">{t("optout.operator.account")}</th>
              <th scope="col">{t("optout.service.appliedAt")}</th>
              <th scope="col">{t("optout.operator.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.edges.map(({ node }) => (
              <tr key={node.id}>
                <th scope="row">{node.companyName}</th>
                <td>{node.accountId}</td>
                <td>{formatDate(node.appliedAt)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={t("optout.operator.completeOf", { company: node.companyName })}
                    onClick={() => void complete(node.id, node.companyName)}
                  >
                    {t("optout.operator.complete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ArsCall onCalled={onChanged} />
    </section>
  );
}
