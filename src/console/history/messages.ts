// Strings of the History screen: `en` is the source of the keys; `ko` and `ja` are typed
// by it, so a missing or extra key fails typecheck.
export const en = {
  nav: "History",
  title: "Message history",
  intro:
    "The messages of the last 30 days, newest first. Filter them, then open a request to see its results live.",
  filters: {
    title: "Filters",
    requestedFrom: "Requested from",
    requestedTo: "Requested before",
    timeHint: "Your local time. History is kept for 30 days: the earliest is {{date}}.",
    type: "Type",
    contentType: "Content type",
    status: "Status",
    result: "Result",
    resultHint: "A result matches COMPLETED messages only.",
    from: "From (sender number)",
    to: "To (recipient number)",
    numberHint: "Digits; spaces and hyphens are ignored.",
    any: "Any",
    search: "Search",
    reset: "Reset",
  },
  issues: {
    tooOld: "History goes back 30 days only: pick {{date}} or later.",
    invalidTime: "Enter a date and time.",
    endBeforeStart: "This is before “Requested from”.",
    notANumber: "Use digits (spaces and hyphens are allowed).",
  },
  list: {
    label: "Messages found",
    empty: "No message matches these filters.",
    columns: {
      requestTime: "Requested at",
      requestId: "Request ID",
      project: "Project",
      type: "Type",
      contentType: "Content type",
      from: "From",
      to: "To",
      status: "Status",
      result: "Result",
    },
    open: "Open the live results of request {{id}}",
  },
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type HistoryCatalog = Strings<typeof en>;

export const ko: HistoryCatalog = {
  nav: "발송 내역",
  title: "메시지 발송 내역",
  intro:
    "최근 30일 동안의 메시지를 최신순으로 보여 줍니다. 필터로 좁힌 뒤 요청을 열면 결과를 실시간으로 볼 수 있습니다.",
  filters: {
    title: "필터",
    requestedFrom: "요청 시각(부터)",
    requestedTo: "요청 시각(이전)",
    timeHint: "현지 시각입니다. 내역은 30일 동안 보관되며, 가장 이른 시각은 {{date}}입니다.",
    type: "유형",
    contentType: "메시지 구분",
    status: "상태",
    result: "결과",
    resultHint: "결과 필터는 COMPLETED 메시지에만 해당합니다.",
    from: "발신 번호",
    to: "수신 번호",
    numberHint: "숫자로 입력하세요. 공백과 하이픈은 무시됩니다.",
    any: "전체",
    search: "검색",
    reset: "초기화",
  },
  issues: {
    tooOld: "내역은 30일 전까지만 있습니다. {{date}} 이후를 선택하세요.",
    invalidTime: "날짜와 시각을 입력하세요.",
    endBeforeStart: "‘요청 시각(부터)’보다 이전입니다.",
    notANumber: "숫자를 입력하세요(공백과 하이픈은 허용).",
  },
  list: {
    label: "검색된 메시지",
    empty: "이 필터에 맞는 메시지가 없습니다.",
    columns: {
      requestTime: "요청 시각",
      requestId: "요청 ID",
      project: "프로젝트",
      type: "유형",
      contentType: "메시지 구분",
      from: "발신 번호",
      to: "수신 번호",
      status: "상태",
      result: "결과",
    },
    open: "요청 {{id}}의 실시간 결과 열기",
  },
};

export const ja: HistoryCatalog = {
  nav: "送信履歴",
  title: "メッセージ送信履歴",
  intro:
    "過去30日間のメッセージを新しい順に表示します。フィルタで絞り込み、リクエストを開くと結果をリアルタイムで確認できます。",
  filters: {
    title: "フィルタ",
    requestedFrom: "リクエスト時間(から)",
    requestedTo: "リクエスト時間(より前)",
    timeHint: "ローカル時刻です。履歴は30日間保管され、最も古いのは {{date}} です。",
    type: "タイプ",
    contentType: "メッセージ区分",
    status: "状態",
    result: "結果",
    resultHint: "結果フィルタは COMPLETED のメッセージにのみ一致します。",
    from: "発信番号",
    to: "受信番号",
    numberHint: "数字で入力します。空白とハイフンは無視されます。",
    any: "すべて",
    search: "検索",
    reset: "リセット",
  },
  issues: {
    tooOld: "履歴は30日前までです。{{date}} 以降を選んでください。",
    invalidTime: "日付と時刻を入力してください。",
    endBeforeStart: "「リクエスト時間(から)」より前です。",
    notANumber: "数字を入力してください(空白とハイフンは使用可)。",
  },
  list: {
    label: "見つかったメッセージ",
    empty: "このフィルタに一致するメッセージはありません。",
    columns: {
      requestTime: "リクエスト時間",
      requestId: "リクエストID",
      project: "プロジェクト",
      type: "タイプ",
      contentType: "メッセージ区分",
      from: "発信番号",
      to: "受信番号",
      status: "状態",
      result: "結果",
    },
    open: "リクエスト {{id}} のリアルタイム結果を開く",
  },
};
