// A project's 080 service: the application form (company name with a live counter), the
// pending application (cancel), the active service with its 080 number, and termination —
// which says plainly that the list is deleted for good and wants the 080 number typed back.
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, TextField, useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { placeErrors, type TypedError } from "../errors.ts";
import { ApplyMutation, CancelMutation, TerminateMutation } from "./operations.ts";
import {
  checkCompanyName,
  COMPANY_NAME_MAX,
  companyNameLength,
  terminationConfirmed,
} from "./rules.ts";

export interface Service {
  id: string;
  companyName: string;
  status: "PROCESSING" | "COMPLETE" | "STOPPED";
  number080?: string | null;
  appliedAt: string;
  completedAt?: string | null;
  billingStartAt?: string | null;
  billingEndAt?: string | null;
  stoppedAt?: string | null;
  purgeAfter?: string | null;
  optOutNumberCount: number;
}

interface Props {
  projectId: string;
  service: Service | null;
  onChanged(message: string): void;
}

/** The text of a failed request or of a typed error that is not about a field. */
function useFailureText() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  return (
    answer: TypedError | undefined,
    error: Parameters<typeof requestError>[0] | undefined,
  ) => {
    if (!answer) return error ? requestError(error) : t("errors.network");
    if (answer.__typename === "InvalidTransitionError") return t("optout.errors.changed");
    if (answer.__typename === "ConflictError") return t("optout.errors.conflict");
    if (answer.__typename === "NotFoundError") return t("errors.projectGone");
    return errorText(answer);
  };
}

function ApplyForm({ projectId, onChanged }: Omit<Props, "service">) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  const titleId = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const length = companyNameLength(name);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkCompanyName(name);
    setError(broken ? t(`optout.rules.${broken}`, { count: length }) : undefined);
    setFormError(null);
    if (broken) return;
    setBusy(true);
    const result = await client
      .mutation(ApplyMutation, { projectId, companyName: name })
      .toPromise();
    setBusy(false);
    const answer = result.data?.applyOptOutService;
    if (answer?.__typename === "MutationApplyOptOutServiceSuccess")
      return onChanged(t("optout.apply.done", { name: name.trim() }));
    if (answer?.__typename === "ValidationError") {
      const placed = placeErrors(answer, ["companyName"] as const);
      if (placed.fields.companyName) return setError(placed.fields.companyName.message);
    }
    setFormError(failure(answer, result.error));
  }

  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{t("optout.apply.title")}</h3>
      <p className="hint">{t("optout.apply.intro")}</p>
      <TextField
        label={t("optout.apply.companyName")}
        hint={
          <>
            {t("optout.apply.companyNameHint")}{" "}
            <span className={length > COMPANY_NAME_MAX ? "counter over" : "counter"}>
              {t("common.characters", { count: length, max: COMPANY_NAME_MAX })}
            </span>
          </>
        }
        error={error}
        value={name}
        onChange={setName}
        required
      />
      {formError && <Alert>{formError}</Alert>}
      <button type="submit" disabled={busy}>
        {t("optout.apply.submit")}
      </button>
    </form>
  );
}

function Terminate({ projectId, service, onChanged }: Props & { service: Service }) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const number080 = service.number080 ?? "";
  const confirmed = terminationConfirmed(typed, number080);

  async function terminate() {
    setBusy(true);
    setError(null);
    const result = await client.mutation(TerminateMutation, { projectId }).toPromise();
    setBusy(false);
    const answer = result.data?.terminateOptOutService;
    if (answer?.__typename === "MutationTerminateOptOutServiceSuccess") {
      dialog.current?.close();
      return onChanged(t("optout.terminate.done", { count: answer.data.deletedNumbers }));
    }
    setError(failure(answer, result.error));
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        {t("optout.terminate.open")}
      </button>
      <dialog ref={dialog} aria-labelledby="terminate-title" aria-describedby="terminate-intro">
        <h2 id="terminate-title">{t("optout.terminate.title", { number: number080 })}</h2>
        <p id="terminate-intro">{t("optout.terminate.intro")}</p>
        <ul>
          <li>
            <strong>
              {t("optout.terminate.effects.list", { count: service.optOutNumberCount })}
            </strong>
          </li>
          <li>{t("optout.terminate.effects.billing")}</li>
          <li>{t("optout.terminate.effects.ad")}</li>
          <li>{t("optout.terminate.effects.purge")}</li>
        </ul>
        <TextField
          label={t("optout.terminate.typeLabel", { number: number080 })}
          hint={t("optout.terminate.typeHint")}
          value={typed}
          onChange={setTyped}
        />
        {error && <Alert>{error}</Alert>}
        <div className="actions">
          <button
            type="button"
            className="danger"
            disabled={busy || !confirmed}
            onClick={() => void terminate()}
          >
            {t("optout.terminate.confirm")}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t("common.cancel")}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** The service's status and dates. */
function ServiceStatus({ service }: { service: Service }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <dl className="pairs">
      <div>
        <dt>{t("optout.service.status")}</dt>
        <dd>{t(`optout.statuses.${service.status}`)}</dd>
      </div>
      <div>
        <dt>{t("optout.apply.companyName")}</dt>
        <dd>{service.companyName}</dd>
      </div>
      <div>
        <dt>{t("optout.service.appliedAt")}</dt>
        <dd>{formatDate(service.appliedAt)}</dd>
      </div>
      {service.completedAt && (
        <div>
          <dt>{t("optout.service.billingStartAt")}</dt>
          <dd>{formatDate(service.billingStartAt ?? service.completedAt)}</dd>
        </div>
      )}
      {service.stoppedAt && (
        <div>
          <dt>{t("optout.service.stoppedAt")}</dt>
          <dd>{formatDate(service.stoppedAt)}</dd>
        </div>
      )}
      {service.purgeAfter && (
        <div>
          <dt>{t("optout.service.purgeAfter")}</dt>
          <dd>{formatDate(service.purgeAfter)}</dd>
        </div>
      )}
    </dl>
  );
}

export function ServicePanel({ projectId, service, onChanged }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setError(null);
    const result = await client.mutation(CancelMutation, { projectId }).toPromise();
    const answer = result.data?.cancelOptOutService;
    if (answer?.__typename === "MutationCancelOptOutServiceSuccess")
      return onChanged(t("optout.processing.cancelled"));
    setError(failure(answer, result.error));
  }

  return (
    <section aria-labelledby="service-title" className="card">
      <h2 id="service-title">{t("optout.service.title")}</h2>
      {error && <Alert>{error}</Alert>}
      {!service && <p>{t("optout.service.none")}</p>}
      {service && <ServiceStatus service={service} />}
      {service?.status === "PROCESSING" && (
        <>
          <p>{t("optout.processing.waiting")}</p>
          <button type="button" onClick={() => void cancel()}>
            {t("optout.processing.cancel")}
          </button>
        </>
      )}
      {service?.status === "COMPLETE" && (
        <>
          <p className="optout-number">
            {t("optout.service.number080")} <strong>{service.number080}</strong>
          </p>
          <p className="hint">{t("optout.service.completeHelp")}</p>
          <Terminate projectId={projectId} service={service} onChanged={onChanged} />
        </>
      )}
      {service?.status === "STOPPED" && <p>{t("optout.service.stoppedHelp")}</p>}
      {(!service || service.status === "STOPPED") && (
        <ApplyForm projectId={projectId} onChanged={onChanged} />
      )}
    </section>
  );
}
