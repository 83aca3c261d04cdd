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

export function Replay({ endpointId, onChanged }: Props) {
  const { t } = useTranslation();
  const ids = { title: useId(), seq: useId(), time: useId() };
  const replay = useReplay(endpointId, onChanged);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
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

  const id = mode === "seq" ? ids.seq : ids.time;
  const describedBy = [`${id}-hint`, problem.field ? `${id}-error` : ""].join(" ").trim();
  return (
    <form onSubmit={submit} aria-labelledby={ids.title} noValidate className="card">
      <h3 id={ids.title}>{t("webhooks.replay.title")}</h3>
      <p className="hint">{t("webhooks.replay.intro")}</p>
      <fieldset className="replay-mode">
        <legend>{t("webhooks.replay.mode")}</legend>
        {(["seq", "time"] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${ids.title}-mode`}
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
      <div className={problem.field ? "field field-invalid" : "field"}>
        <label htmlFor={id}>
          {mode === "seq" ? t("webhooks.replay.seq") : t("webhooks.replay.time")}
        </label>
        {mode === "seq" ? (
          <input
            id={id}
            inputMode="numeric"
            value={seq}
            aria-describedby={describedBy}
            aria-invalid={problem.field ? true : undefined}
            onChange={(e) => setSeq(e.target.value)}
          />
        ) : (
          <input
            id={id}
            type="datetime-local"
            step={1}
            value={time}
            aria-describedby={describedBy}
            aria-invalid={problem.field ? true : undefined}
            onChange={(e) => setTime(e.target.value)}
          />
        )}
        <p id={`${id}-hint`} className="hint">
          {mode === "seq" ? t("webhooks.replay.seqHint") : t("webhooks.replay.timeHint", { zone })}
        </p>
        {problem.field && (
          <p id={`${id}-error`} className="field-error">
            {problem.field}
          </p>
        )}
      </div>
      {problem.form && <Alert>{problem.form}</Alert>}
      <button type="submit" disabled={busy}>
        {t("webhooks.replay.submit")}
      </button>
    </form>
  );
}
