// The Webhooks screen's Japanese strings; keys and shape follow messages.ts (en).
import type { WebhooksCatalog } from "./messages.ts";

export const ja: WebhooksCatalog = {
  nav: "Webhook",
  title: "Webhook",
  intro:
    "Webhook エンドポイントは、プロジェクトのステータスイベントを署名付きの POST リクエストとして順番どおり、少なくとも 1 回受け取るお客様の URL です。各リクエストには webhook-signature ヘッダーが付き、受信側はエンドポイントの署名シークレットで検証します。",
  noProject: "まだプロジェクトがありません。先に作成してください。",
  project: "プロジェクト",
  projectHint: "プロジェクトごとにエンドポイントがあります(最大 10 件)。",
  refresh: "再読み込み",
  listTitle: "{{name}} のエンドポイント",
  empty:
    "このプロジェクトにはまだ Webhook エンドポイントがありません。下から最初の 1 件を追加してください。",
  columns: {
    url: "URL",
    eventTypes: "イベント種別",
    status: "状態",
    batchSize: "バッチサイズ",
    lag: "遅延",
    cursor: "カーソル(seq)",
  },
  statuses: {
    ACTIVE: "正常",
    FAILING: "失敗: 再試行中",
    DISABLED: "無効",
  },
  disabledByYou: "お客様が無効化",
  lagHelp:
    "遅延: まだ配信されていないプロジェクトのイベント数。カーソル: この seq までのイベントはすべて配信済みです。",
  eventTypes: {
    legend: "イベント種別",
    hint: "1 つ以上選んでください。種別ごとのペイロードは API ドキュメントに記載されています。",
    loading: "イベント種別を読み込み中…",
    MESSAGE_STATUS: "message.status: メッセージのすべてのステータス変化",
    REQUEST_COMPLETED: "request.completed: リクエストの最後のメッセージが完了",
    RESERVATION_STATUS: "reservation.status: 予約のすべてのステータス変化",
    SCHEDULE_OCCURRENCE: "schedule.occurrence: スケジュールの各回の記録と完了",
    ARS_OPT_OUT: "opt_out.added: プロジェクトの 080 番号への電話で受信拒否された番号",
  },
  fields: {
    url: "URL",
    description: "説明",
    descriptionHint: "任意、500 文字以内。",
    batchSize: "バッチサイズ",
    batchSizeHint:
      "1 回の POST に含めるイベント数(1–1000)。1 なら 1 件ずつ送り、それより大きければ 1 件でもバッチ封筒で送ります。",
    enabled: "有効(配信中)",
    enabledHint:
      "チェックを外すと配信を止めます。再びチェックすると失敗履歴を消去し、カーソルから配信を再開します。",
  },
  urlRules: {
    title: "ゲートウェイは次の条件を満たす URL だけを受け付けます。",
    https:
      "https であること(ゲートウェイを WEBHOOK_ALLOW_HTTP=true で起動した場合のみ http も可)。",
    public:
      "ホストがパブリックアドレスだけに解決されること。ループバック、プライベート、リンクローカル(クラウドのメタデータアドレス 169.254.169.254 を含む)、CGNAT、ユニークローカル、マルチキャスト、予約済みの範囲は、登録時も配信のたびにも拒否されます(WEBHOOK_ALLOW_PRIVATE_URLS=true の場合を除く)。",
    form: "2000 文字以内で、ユーザー名、パスワード、#フラグメントを含まないこと。リダイレクトは追いません。",
  },
  rules: {
    urlEmpty: "イベントを POST する URL を入力してください。",
    urlNotAbsolute: "https:// で始まる完全な URL を入力してください。",
    urlTooLong: "URL が長すぎます。2000 文字以内です。",
    urlScheme: "URL は https://(ゲートウェイが許可する場合は http://)で始めてください。",
    descriptionTooLong: "説明が長すぎます。500 文字以内ですが、{{count}} 文字あります。",
    batchSize: "1 から 1000 までの整数を入力してください。",
    eventTypesEmpty: "イベント種別を 1 つ以上選んでください。",
    seqInvalid: "seq(1 以上の整数)を入力してください。",
    timeInvalid: "日付と時刻を入力してください。",
  },
  errors: {
    gone: "このエンドポイントはもうありません(別のタブで削除された可能性があります)。",
    limit:
      "このプロジェクトにはすでにエンドポイントが {{limit}} 件中 {{current}} 件あります。追加するには 1 件削除してください。",
  },
  create: {
    title: "エンドポイントを追加",
    submit: "エンドポイントを追加",
    saving: "追加中…",
    done: "エンドポイント {{url}} を追加しました。今後記録されるイベントを受け取ります。過去のイベントはリプレイで受け取れます。",
  },
  secret: {
    createdTitle: "新しいエンドポイントの署名シークレット",
    rotatedTitle: "新しい署名シークレット",
    once: "このシークレットは二度と表示されません。今すぐコピーし、受信側が読み込む場所に保管してください。紛失した場合はシークレットをローテーションしてください。",
    label: "署名シークレット",
    overlap:
      "{{date}} までは、すべてのリクエストに新旧両方のシークレットで署名するため、古いシークレットを持つ受信側も新しいシークレットを展開する間は検証を続けられます。その後は新しいシークレットだけで署名します。",
    done: "シークレットを保管しました",
  },
  detail: {
    back: "すべてのエンドポイント",
    notFound: "このエンドポイントは存在しないか、削除されました。",
    title: "エンドポイント {{url}}",
    summary: "状態",
    project: "プロジェクト",
    created: "作成",
    failingSince: "失敗開始",
    nextAttempt: "次の試行",
    lastSuccess: "最後の成功",
    lastError: "最後のエラー",
    previousSecret: "旧シークレットの署名期限",
    manage: "管理",
    manageLabel: "エンドポイント {{url}} を管理",
  },
  edit: {
    title: "設定",
    submit: "変更を保存",
    nothing: "変更はありません。",
    saved: "変更を保存しました。",
  },
  rotate: {
    title: "署名シークレット",
    intro:
      "ローテーションすると直ちに新しいシークレットが発行されます。24 時間は両方のシークレットで署名するので、受信側はリクエストを取りこぼさずに切り替えられます。",
    submit: "シークレットをローテーション",
  },
  test: {
    title: "テストイベントを送信",
    intro:
      "署名付きの webhook.test イベント(seq 0)を 1 件、イベントの流れとは別に今すぐ POST します。カーソルは動きません。応答は配信ログに表示されます。",
    submit: "テストイベントを送信",
    sending: "送信中…",
    done: "テストイベントを送信しました: {{outcome}}、{{status}}、{{latency}} ms。",
  },
  replay: {
    title: "リプレイ",
    intro:
      "プロジェクトのイベントを seq または時刻から順番どおりに再配信します。イベントはメッセージ履歴と同じ期間保存されます。",
    mode: "開始位置",
    fromSeq: "seq",
    fromTime: "時刻",
    seq: "再配信する最初の seq",
    seqHint: "この seq から(この seq を含めて)再配信します。",
    time: "開始日時",
    timeHint: "ローカル時刻({{zone}})。その時刻以降に最初に記録されたイベントから。",
    submit: "リプレイ",
    done: "リプレイを設定しました。seq {{cursor}} の次から再配信します。進み具合は下の遅延とカーソルに表示されます。",
  },
  delete: {
    open: "エンドポイントを削除…",
    title: "エンドポイント {{url}} を削除しますか?",
    intro: "削除は直ちに行われ、元に戻せません。",
    effects: {
      stop: "この URL には今後何も送りません。記録済みで未配信のイベント(現在 {{lag}} 件)も送りません。",
      log: "配信ログも一緒に削除されます。",
      secret: "署名シークレットは無効になります。",
      events:
        "プロジェクトのイベントは残ります。新しいエンドポイントは作成後に記録されたイベントを受け取ります(リプレイで過去分も可)。",
    },
    confirm: "エンドポイントを削除",
    deleting: "削除中…",
    done: "エンドポイント {{url}} を削除しました。",
  },
  live: {
    connecting: "リアルタイムの遅延に接続しています…",
    live: "遅延とカーソルはリアルタイムです。ゲートウェイがすべての変更を送ります。",
    reconnecting: "接続が切れたため再接続しています。表示中の値は古い可能性があります。",
    ended:
      "リアルタイムの遅延が停止しました({{code}})。再開するにはページを再読み込みしてください。",
  },
  deliveries: {
    title: "配信ログ",
    intro: "POST ごとに 1 行、新しい順で、WEBHOOK_LOG_DAYS 日間保存されます。",
    empty: "まだ配信はありません。",
    columns: {
      time: "試行日時",
      outcome: "結果",
      statusCode: "ステータスコード",
      latency: "応答時間",
      seqs: "seq(イベント数)",
      response: "応答(先頭部分)",
    },
    noAnswer: "応答なし",
    latency: "{{ms}} ms",
    test: "テスト",
    newer: "新しい方",
    older: "古い方",
    moved: "このログを読み込んだ後に配信がありました。",
    showNewest: "最新を表示",
    reload: "ログを再読み込み",
  },
  outcomes: {
    SUCCESS: "配信済み",
    RETRY: "再試行",
    REFUSED: "アドレス拒否",
    GONE: "Gone(410)",
    FAILED: "失敗",
    TEST: "テスト",
  },
};
