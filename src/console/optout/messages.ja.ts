// The 080 opt-out screen's Japanese strings; keys and shape follow messages.ts (en).
import type { OptOutCatalog } from "./messages.ts";

export const ja: OptOutCatalog = {
  nav: "080 受信拒否",
  title: "080 受信拒否",
  intro:
    "広告(AD)の送信には無料の 080 番号が必要です。受信者が電話をかけると自動音声(ARS)が会社名を読み上げ、発信者の番号がプロジェクトの受信拒否リストに追加されます。受信拒否した番号にはプロジェクトの広告が送られません。通常のお知らせ(COMM)には影響しません。",
  noProject: "まだプロジェクトがありません。先に作成してください。",
  project: "プロジェクト",
  projectHint: "080 サービスと受信拒否リストはプロジェクトごとにあります。",
  statuses: {
    PROCESSING: "PROCESSING: オペレーターの処理待ち",
    COMPLETE: "COMPLETE: 利用中",
    STOPPED: "STOPPED: 解約済み",
  },
  sources: { ARS: "ARS(080 への電話)", MANUAL: "手動登録" },
  invalid: {
    EMPTY: "空です",
    INVALID_CHARACTERS: "使えるのは数字、空白、ハイフン、ピリオド、括弧だけです",
    TOO_SHORT: "8 桁未満です",
    TOO_LONG: "12 桁を超えています",
  },
  errors: {
    changed: "その間に 080 サービスが変更されました。画面を再読み込みしました。",
    conflict:
      "このプロジェクトにはすでに PROCESSING または COMPLETE の 080 サービスがあります(または同時に変更されました)。",
  },
  rules: {
    companyEmpty: "会社名を入力してください(1〜20 文字)。",
    companyTooLong: "会社名が長すぎます。20 文字までですが、{{count}} 文字あります。",
  },
  apply: {
    title: "080 番号を申し込む",
    intro:
      "申し込みは 1 プロジェクトにつき同時に 1 件です。オペレーターが処理すると 080 番号が発行され、そこから課金が始まります。PROCESSING の申し込みは無料で取り消せます。",
    companyName: "会社名",
    companyNameHint:
      "ARS が読み上げる名前: 見たままの文字数で 1〜20 文字(前後の空白は取り除かれます)。",
    submit: "申し込む",
    done: "「{{name}}」として 080 番号を申し込みました(PROCESSING)。",
  },
  processing: {
    waiting:
      "オペレーターが 080 番号を発行するまで申し込みは待機します。それまでは取り消せ、課金されません。",
    cancel: "申し込みを取り消す",
    cancelled: "申し込みを取り消し、削除しました。課金されていません。",
  },
  service: {
    title: "080 サービス",
    none: "このプロジェクトには 080 サービスがありません。サービスができるまで、このプロジェクトの広告(AD)は拒否されます。",
    status: "状態",
    appliedAt: "申込日時",
    billingStartAt: "課金開始",
    stoppedAt: "解約日時",
    purgeAfter: "記録の削除予定",
    number080: "080 番号:",
    completeHelp:
      "この番号を広告に記載してください。この番号に電話すると下の受信拒否リストに追加されます。",
    stoppedHelp:
      "解約済み: 課金は終了し、受信拒否リストは削除されました。再度申し込めます。新しいサービスは空のリストで始まります。",
  },
  terminate: {
    open: "080 サービスを解約…",
    title: "080 サービス {{number}} を解約しますか?",
    intro: "解約はただちに行われ、元に戻せません:",
    effects: {
      list: "受信拒否リスト({{count}} 件の番号)は完全に削除されます。再度申し込んでも復元できません。",
      billing: "課金が終了し、080 番号は応答しなくなります。",
      ad: "新しい 080 サービスが COMPLETE になるまで、このプロジェクトの広告(AD)は拒否されます。",
      purge: "解約された記録自体は 2 営業日目(月〜金、韓国時間)の終わりに削除されます。",
    },
    typeLabel: "確認のため 080 番号 {{number}} を入力してください",
    typeHint: "番号が一致するまで解約ボタンは押せません。",
    confirm: "解約してリストを削除",
    done: "080 サービスを解約しました。受信拒否番号 {{count}} 件を完全に削除しました。",
  },
  list: {
    title: "受信拒否リスト",
    total: "一致する番号: {{count}} 件",
    number: "番号",
    source: "登録経路",
    added: "登録日時",
  },
  search: {
    title: "受信拒否リストを検索",
    number: "番号の先頭",
    numberHint:
      "1〜12 桁の数字。空白とハイフンは無視されます。番号全体を入れると完全一致で探します。",
    from: "登録日時(から)",
    fromHint: "この時刻を含む。ブラウザのタイムゾーン。",
    to: "登録日時(より前)",
    toHint: "この時刻を含まない。「から」より前にはできません。",
    source: "登録経路",
    anySource: "すべての経路",
    submit: "検索",
    clear: "すべて表示",
    rules: {
      prefixInvalid: "1〜12 桁の数字を入力してください(空白とハイフンは無視されます)。",
      toBeforeFrom: "「より前」は「から」より早くできません。",
    },
  },
  edit: {
    title: "番号を追加・削除",
    label: "番号(1 行に 1 つ)",
    hint: "1 回に 1,000 件まで、各 8〜12 桁(空白、ハイフン、ピリオド、括弧は無視)。重複した番号は 1 件と数えます。登録済みの番号は元の経路と時刻のままです。",
    counter: "{{count}} / {{max}} 件",
    add: "リストに追加",
    delete: "リストから削除",
    added: "{{added}} 件を追加、{{present}} 件は登録済み、{{duplicates}} 件は貼り付けた中で重複。",
    deleted:
      "{{deleted}} 件を削除、{{notFound}} 件はリストになし、{{duplicates}} 件は貼り付けた中で重複。",
    rules: {
      numbersEmpty: "番号を 1 つ以上入力してください。",
      numbersTooMany: "{{count}} 件: 1 回に {{max}} 件までです。リストを分けてください。",
    },
    invalidLine: "{{line}} 行目(「{{value}}」): {{reason}}。",
    nothingSent: "何も変更されていません。リストを直してもう一度お試しください。",
  },
  operator: {
    title: "080 申し込み(オペレーター)",
    intro:
      "全アカウントの PROCESSING の申し込み、古い順。処理すると無料の 080 番号が発行され、課金が始まります。",
    empty: "待機中の申し込みはありません。",
    account: "アカウント",
    actions: "操作",
    complete: "処理完了",
    completeOf: "{{company}} の申し込みを処理完了にする",
    completed: "「{{company}}」が 080 番号 {{number}} で COMPLETE になりました。",
  },
  ars: {
    title: "ARS 受信拒否の電話をシミュレート",
    intro:
      "発信者が 080 番号に電話して受信拒否を確定したものとして、その番号をサービスのリストに追加します(経路 ARS)。もう一度かけても変わりません。",
    number080: "かけた 080 番号",
    number080Hint: "COMPLETE のサービスの 080 + 7 桁。",
    caller: "発信者の番号",
    callerHint: "8〜12 桁。",
    submit: "電話をシミュレート",
    added: "{{number}} を受信拒否リストに追加しました(ARS)。",
    already: "{{number}} はすでにリストにあり、元の登録を残しました。",
    unknown: "この 080 番号の COMPLETE のサービスはありません。",
    rules: { number080: "080 番号は 080 と 7 桁の数字です。" },
  },
};
