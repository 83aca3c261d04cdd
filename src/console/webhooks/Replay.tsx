// Replay: deliver the project's events again from a seq or from a local date and time. The
// console checks the starting point first; the gateway's typed errors land next to it.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert } from "../app/ui.tsx";
import { placeErrors } from "../errors.ts";
import { ReplayMutation } from "./operations.ts";
import { replayFrom } from "./rules.ts";
import { useFailureText } from "./shared.tsx";

interface Props {
  endpointId: string;
  onChanged(message: string): void;
}

function useReplay(endpointId: string, onChanged: Props["onChanged"]) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  return async (from: { fromSeq: number } | { fromTime: string }) => {
    const result = await client
      .mutation(ReplayMutation, { input: { id: endpointId, ...from } })
      .toPromise();
    const answer = result.data?.replayWebhookEndpoint;
    if (answer?.__typename === "MutationReplayWebhookEndpointSuccess") {
      onChanged(t("webhooks.replay.done", { cursor: answer.data.cursorSeq }));
      return {};
    }
    if (answer?.__typename === "ValidationError") {
      const placed = placeErrors(answer, ["fromSeq", "fromTime"] as const);
      const field = placed.fields.fromSeq ?? placed.fields.fromTime;
      if (field) return { field: field.message };
    }
    return { form: failure(answer, result.error) };
  };
}

interface StartProps {
  mode: "seq" | "time";
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
}

/** The starting point's input: a seq, or a local date and time (the zone named in the hint). */
function StartField({ mode, value, onChange, error }: StartProps) {
  const { t } = useTranslation();
  const id = useId();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const common = {
    id,
    value,
    "aria-describedby": [`${id}-hint`, error ? `${id}-error` : ""].join(" ").trim(),
    "aria-invalid": error ? true : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value),
  };
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>
        {mode === "seq" ? t("webhooks.replay.seq") : t("webhooks.replay.time")}
      </label>
      {mode === "seq" ? (
        <input inputMode="numeric" {...common} />
      ) : (
        <input type="datetime-local" step={1} {...common} />
      )}
      <p id={`${id}-hint`} className="hint">
        {mode === "seq" ? t("webhooks.replay.seqHint") : t("webhooks.replay.timeHint", { zone })}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function Replay({ endpointId, onChanged }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const replay = useReplay(endpointId, onChanged);
  const [mode, setMode] = useState<"seq" | "time">("seq");
  const [seq, setSeq] = useState("1");
  const [time, setTime] = useState("");
  const [problem, setProblem] = useState<{ field?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const from = replayFrom(mode, seq, time);
    if ("error" in from) return setProblem({ field: t(`webhooks.rules.${from.error}`) });
    setProblem({});
    setBusy(true);
    setProblem(await replay(from));
    setBusy(false);
  }

  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{t("webhooks.replay.title")}</h3>
      <p className="hint">{t("webhooks.replay.intro")}</p>
      <fieldset className="replay-mode">
        <legend>{t("webhooks.replay.mode")}</legend>
        {(["seq", "time"] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${titleId}-mode`}
              checked={mode === m}
              onChange={() => {
                setMode(m);
                setProblem({});
              }}
            />{" "}
            {m === "seq" ? t("webhooks.replay.fromSeq") : t("webhooks.replay.fromTime")}
          </label>
        ))}
      </fieldset>
      <StartField
        key={mode}
        mode={mode}
        value={mode === "seq" ? seq : time}
        onChange={mode === "seq" ? setSeq : setTime}
        error={problem.field}
      />
      {problem.form && <Alert>{problem.form}</Alert>}
      <button type="submit" disabled={busy}>
        {t("webhooks.replay.submit")}
      </button>
    </form>
  );
}
