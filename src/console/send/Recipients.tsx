// Recipients three ways, as the seed console offers them: one by one, pasted one per line,
// or imported from a CSV (with a template to download); the policy for unusable rows; and
// the gateway's row report (unusable rows and duplicates) once it has seen them.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FileInput, RadioGroup, TextInput, useDescribed } from "./fields.tsx";
import type { RowReport, SendValues } from "./form.ts";
import type { FieldErrors } from "./MessageFields.tsx";
import { MAX_RECIPIENTS, templateCsv, textLines, type CsvSummary } from "./recipients.ts";

export interface CsvImport {
  file: File;
  summary: CsvSummary;
}

interface Props {
  values: SendValues;
  set<K extends keyof SendValues>(key: K, value: SendValues[K]): void;
  errors: FieldErrors;
  csv: CsvImport | null;
  onCsv(file: File | null): void;
  report: { rejected: readonly RowReport[]; duplicates: readonly RowReport[] } | null;
}

/** Stable keys for a list that may repeat a value (the gateway reports the repeats). */
function keyed(list: readonly string[]): [string, string][] {
  const seen = new Map<string, number>();
  return list.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return [n, `${n}#${k}`];
  });
}

function downloadTemplate() {
  // UTF-8 with a byte-order mark, so spreadsheet programs open Hangul correctly.
  const blob = new Blob(["\ufeff", templateCsv()], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = "recipients-template.csv";
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function CsvField({ csv, onCsv, errors }: Pick<Props, "csv" | "onCsv" | "errors">) {
  const { t } = useTranslation();
  const s = csv?.summary;
  const problems: string[] = [...(errors.csv ?? [])];
  if (s && !s.ok)
    problems.push(
      s.problem === "empty"
        ? t("send.recipients.csvEmpty")
        : s.problem === "header"
          ? t("send.recipients.csvHeader", { detail: s.detail })
          : t("send.recipients.csvUnreadable", { detail: s.detail }),
    );
  if (s?.ok)
    for (const b of s.broken.slice(0, 20))
      problems.push(
        t("send.recipients.csvBroken", {
          line: b.line,
          found: b.found,
          expected: s.columns.length,
        }),
      );
  return (
    <div className="csv">
      <FileInput
        label={t("send.recipients.csv")}
        hint={
          <>
            {t("send.recipients.csvHint")}
            {s?.ok && (
              <strong className="csv-rows">
                {" "}
                {t("send.recipients.csvRows", { name: csv!.file.name, count: s.rows })}
              </strong>
            )}
          </>
        }
        errors={problems}
        accept=".csv,text/csv"
        onFiles={(files) => onCsv(files[0] ?? null)}
      />
      <div className="actions">
        <button type="button" onClick={downloadTemplate}>
          {t("send.recipients.template")}
        </button>
        {csv && (
          <button type="button" onClick={() => onCsv(null)}>
            {t("send.recipients.csvRemove")}
          </button>
        )}
      </div>
    </div>
  );
}

function RowTable({ title, rows }: { title: string; rows: readonly RowReport[] }) {
  const { t } = useTranslation();
  if (!rows.length) return null;
  return (
    <table>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t("send.recipients.columns.source")}</th>
          <th scope="col">{t("send.recipients.columns.row")}</th>
          <th scope="col">{t("send.recipients.columns.value")}</th>
          <th scope="col">{t("send.recipients.columns.code")}</th>
          <th scope="col">{t("send.recipients.columns.reason")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, 500).map((r) => (
          <tr key={`${r.source}-${r.row}`}>
            <td>{t(`send.recipients.sources.${r.source as "CSV"}`, { defaultValue: r.source })}</td>
            <td>{r.row}</td>
            <td>
              <code>{r.value}</code>
            </td>
            <td>
              <code>{r.code}</code>
            </td>
            <td>{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Recipients added one at a time, as the seed console's "Add" button does. */
function OneByOne({ values, set, errors }: Pick<Props, "values" | "set" | "errors">) {
  const { t } = useTranslation();
  const [one, setOne] = useState("");
  const add = () => {
    if (!one.trim()) return;
    set("list", [...values.list, one.trim()]);
    setOne("");
  };
  return (
    <>
      <div className="add-one">
        <TextInput
          label={t("send.recipients.one")}
          type="tel"
          value={one}
          onChange={setOne}
          onEnter={add}
          hint={t("send.recipients.oneHint")}
          errors={errors.list}
        />
        <button type="button" onClick={add}>
          {t("send.recipients.add")}
        </button>
      </div>
      {values.list.length > 0 && (
        <ul aria-label={t("send.recipients.listLabel")} className="recipient-list">
          {keyed(values.list).map(([n, key], i) => (
            <li key={key}>
              <code>{n}</code>{" "}
              <button
                type="button"
                onClick={() =>
                  set(
                    "list",
                    values.list.filter((_, j) => j !== i),
                  )
                }
              >
                {t("send.recipients.remove", { number: n })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function Recipients({ values, set, errors, csv, onCsv, report }: Props) {
  const { t } = useTranslation();
  const csvRows = csv?.summary.ok ? csv.summary.rows : 0;
  const total = values.list.length + textLines(values.text) + csvRows;
  const totalErrors = [...(errors.recipients ?? [])];
  if (total > MAX_RECIPIENTS) totalErrors.push(t("send.recipients.tooMany", { count: total }));
  const [described, block] = useDescribed(
    t("send.recipients.total", { count: total }),
    totalErrors,
  );
  return (
    <>
      <OneByOne values={values} set={set} errors={errors} />
      <TextInput
        label={t("send.recipients.paste")}
        value={values.text}
        onChange={(v) => set("text", v)}
        multiline
        hint={t("send.recipients.pasteHint", { count: textLines(values.text) })}
        errors={errors.text}
      />
      <CsvField csv={csv} onCsv={onCsv} errors={errors} />
      <div className={described.invalid ? "field field-invalid" : "field"}>{block}</div>
      <RadioGroup
        legend={t("send.recipients.policy")}
        name="invalidRecipients"
        value={values.invalidRecipients}
        onChange={(v) => set("invalidRecipients", v)}
        options={(["REFUSE_ALL", "SEND_VALID"] as const).map((v) => ({
          value: v,
          label: t(`send.recipients.${v}`),
        }))}
      />
      {report && (report.rejected.length > 0 || report.duplicates.length > 0) && (
        <section aria-labelledby="recipient-report-title" className="report">
          <h4 id="recipient-report-title">{t("send.recipients.report")}</h4>
          <RowTable
            title={t("send.recipients.rejected", { count: report.rejected.length })}
            rows={report.rejected}
          />
          <RowTable
            title={t("send.recipients.duplicates", { count: report.duplicates.length })}
            rows={report.duplicates}
          />
        </section>
      )}
    </>
  );
}
