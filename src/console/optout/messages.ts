// The 080 opt-out screen's strings. `en` is the source of the keys; `ko` and `ja` are typed
// so that they must have exactly the same ones.
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const en = {
  nav: "080 opt-out",
  title: "080 opt-out",
  intro:
    "Advertising (AD) needs a free 080 number: a recipient calls it, the automated voice service reads out your company name, and the caller's number joins the project's opt-out list. Opted-out numbers never receive the project's advertising; ordinary notices (COMM) are not affected.",
  noProject: "You have no project yet: create one first.",
  project: "Project",
  projectHint: "Each project has its own 080 service and opt-out list.",
  statuses: {
    PROCESSING: "PROCESSING: waiting for an operator",
    COMPLETE: "COMPLETE: active",
    STOPPED: "STOPPED: terminated",
  },
  sources: { ARS: "ARS (080 call)", MANUAL: "Manual" },
  invalid: {
    EMPTY: "empty",
    INVALID_CHARACTERS: "only digits, spaces, hyphens, dots and parentheses are allowed",
    TOO_SHORT: "fewer than 8 digits",
    TOO_LONG: "more than 12 digits",
  },
  errors: {
    changed: "The 080 service changed in the meantime; the page was reloaded.",
    conflict:
      "This project already has a PROCESSING or COMPLETE 080 service (or it changed at the same moment).",
  },
  rules: {
    companyEmpty: "Enter the company name (1–20 characters).",
    companyTooLong: "The company name is too long: at most 20 characters, this one has {{count}}.",
  },
  apply: {
    title: "Apply for an 080 number",
    intro:
      "One application per project at a time. An operator completes it and issues the 080 number; billing starts then. A PROCESSING application can be cancelled free of charge.",
    companyName: "Company name",
    companyNameHint:
      "Read out by the ARS: 1–20 characters, counted as you see them (spaces at either end are removed).",
    submit: "Apply",
    done: "Applied for an 080 number as “{{name}}” (PROCESSING).",
  },
  processing: {
    waiting:
      "The application waits for an operator, who will issue the 080 number. Until then you can cancel it; nothing is billed.",
    cancel: "Cancel application",
    cancelled: "The application was cancelled and removed; nothing was billed.",
  },
  service: {
    title: "080 service",
    none: "This project has no 080 service. Advertising (AD) from it is refused until it has one.",
    status: "Status",
    appliedAt: "Applied",
    billingStartAt: "Billing since",
    stoppedAt: "Terminated",
    purgeAfter: "Record removed after",
    number080: "080 number:",
    completeHelp:
      "Print this number in your advertising. Calls to it add the caller to the opt-out list below.",
    stoppedHelp:
      "Terminated: billing ended and the opt-out list was deleted. You can apply again; a new service starts with an empty list.",
  },
  terminate: {
    open: "Terminate the 080 service…",
    title: "Terminate the 080 service {{number}}?",
    intro: "Termination happens at once and cannot be undone:",
    effects: {
      list: "The opt-out list ({{count}} numbers) is deleted for good. It cannot be recovered, not even by applying again.",
      billing: "Billing ends and the 080 number stops answering.",
      ad: "Advertising (AD) from this project is refused until a new 080 service is COMPLETE.",
      purge:
        "The terminated record itself is removed at the end of the 2nd business day (Mon–Fri, Korea time).",
    },
    typeLabel: "Type the 080 number {{number}} to confirm",
    typeHint: "The terminate button stays disabled until the number matches.",
    confirm: "Terminate and delete the list",
    done: "The 080 service was terminated; {{count}} opt-out numbers were deleted for good.",
  },
  list: {
    title: "Opt-out list",
    total: "Matching numbers: {{count}}",
    number: "Number",
    source: "Source",
    added: "Added",
  },
  search: {
    title: "Search the opt-out list",
    number: "Number starts with",
    numberHint: "1–12 digits; spaces and hyphens are ignored. A full number finds it exactly.",
    from: "Added from",
    fromHint: "Inclusive, in your browser's time zone.",
    to: "Added before",
    toHint: "Exclusive; not before “Added from”.",
    source: "Source",
    anySource: "Any source",
    submit: "Search",
    clear: "Show all",
    rules: {
      prefixInvalid: "Enter 1–12 digits (spaces and hyphens are ignored).",
      toBeforeFrom: "“Added before” must not be earlier than “Added from”.",
    },
  },
  edit: {
    title: "Add or delete numbers",
    label: "Numbers, one per line",
    hint: "Up to 1,000 per call; 8–12 digits each (spaces, hyphens, dots and parentheses are ignored). Repeated numbers count once; numbers already listed keep their source and time.",
    counter: "{{count}} / {{max}} numbers",
    add: "Add to the list",
    delete: "Delete from the list",
    added:
      "{{added}} added, {{present}} were already listed, {{duplicates}} repeated in the paste.",
    deleted:
      "{{deleted}} deleted, {{notFound}} were not listed, {{duplicates}} repeated in the paste.",
    rules: {
      numbersEmpty: "Enter at least one number.",
      numbersTooMany: "{{count}} numbers: at most {{max}} per call. Split the list.",
    },
    invalidLine: "Line {{line}} (“{{value}}”): {{reason}}.",
    nothingSent: "Nothing was changed. Correct the list and try again.",
  },
  operator: {
    title: "080 applications (operators)",
    intro:
      "PROCESSING applications of every account, oldest first. Completing one issues a free 080 number and starts billing.",
    empty: "No applications are waiting.",
    account: "Account",
    actions: "Actions",
    complete: "Complete",
    completeOf: "Complete the application of {{company}}",
    completed: "“{{company}}” is COMPLETE with the 080 number {{number}}.",
  },
  ars: {
    title: "Simulate an ARS opt-out call",
    intro:
      "As if the caller dialled the 080 number and confirmed: their number joins that service's list (source ARS). Calling again changes nothing.",
    number080: "Dialled 080 number",
    number080Hint: "080 and 7 digits, of a COMPLETE service.",
    caller: "Caller's number",
    callerHint: "8–12 digits.",
    submit: "Simulate call",
    added: "{{number}} joined the opt-out list (ARS).",
    already: "{{number}} was already on the list; its entry was kept.",
    unknown: "No COMPLETE service has this 080 number.",
    rules: { number080: "An 080 number is 080 followed by 7 digits." },
  },
} as const;

export type OptOutCatalog = Strings<typeof en>;

export const ko: OptOutCatalog = {
  nav: "080 수신거부",
  title: "080 수신거부",
  intro:
    "광고(AD) 발송에는 무료 080 번호가 필요합니다. 수신자가 전화하면 자동응답(ARS)이 회사명을 안내하고, 발신자의 번호가 프로젝트의 수신거부 목록에 추가됩니다. 수신거부한 번호에는 프로젝트의 광고가 발송되지 않으며, 일반 안내(COMM)는 영향을 받지 않습니다.",
  noProject: "아직 프로젝트가 없습니다. 먼저 만드세요.",
  project: "프로젝트",
  projectHint: "프로젝트마다 080 서비스와 수신거부 목록이 따로 있습니다.",
  statuses: {
    PROCESSING: "PROCESSING: 운영자 처리 대기",
    COMPLETE: "COMPLETE: 사용 중",
    STOPPED: "STOPPED: 해지됨",
  },
  sources: { ARS: "ARS(080 전화)", MANUAL: "직접 등록" },
  invalid: {
    EMPTY: "비어 있음",
    INVALID_CHARACTERS: "숫자, 공백, 하이픈, 점, 괄호만 쓸 수 있음",
    TOO_SHORT: "8자리 미만",
    TOO_LONG: "12자리 초과",
  },
  errors: {
    changed: "그사이 080 서비스가 변경되었습니다. 화면을 다시 불러왔습니다.",
    conflict:
      "이 프로젝트에는 이미 PROCESSING 또는 COMPLETE 상태의 080 서비스가 있습니다(또는 동시에 변경되었습니다).",
  },
  rules: {
    companyEmpty: "회사명을 입력하세요(1–20자).",
    companyTooLong: "회사명이 너무 깁니다. 최대 20자인데 {{count}}자입니다.",
  },
  apply: {
    title: "080 번호 신청",
    intro:
      "프로젝트당 한 번에 하나만 신청할 수 있습니다. 운영자가 처리하면 080 번호가 발급되고 그때부터 과금됩니다. PROCESSING 상태의 신청은 무료로 취소할 수 있습니다.",
    companyName: "회사명",
    companyNameHint: "ARS가 읽어 주는 이름: 보이는 글자 기준 1–20자(앞뒤 공백은 제거됩니다).",
    submit: "신청",
    done: "“{{name}}”(으)로 080 번호를 신청했습니다(PROCESSING).",
  },
  processing: {
    waiting:
      "운영자가 080 번호를 발급할 때까지 신청이 대기합니다. 그전까지는 취소할 수 있으며 과금되지 않습니다.",
    cancel: "신청 취소",
    cancelled: "신청을 취소하고 삭제했습니다. 과금되지 않았습니다.",
  },
  service: {
    title: "080 서비스",
    none: "이 프로젝트에는 080 서비스가 없습니다. 서비스가 생길 때까지 이 프로젝트의 광고(AD)는 거부됩니다.",
    status: "상태",
    appliedAt: "신청일",
    billingStartAt: "과금 시작",
    stoppedAt: "해지일",
    purgeAfter: "기록 삭제 예정",
    number080: "080 번호:",
    completeHelp:
      "광고에 이 번호를 표기하세요. 이 번호로 전화하면 아래 수신거부 목록에 추가됩니다.",
    stoppedHelp:
      "해지됨: 과금이 끝났고 수신거부 목록은 삭제되었습니다. 다시 신청할 수 있으며, 새 서비스는 빈 목록으로 시작합니다.",
  },
  terminate: {
    open: "080 서비스 해지…",
    title: "080 서비스 {{number}}을(를) 해지할까요?",
    intro: "해지는 즉시 이루어지며 되돌릴 수 없습니다:",
    effects: {
      list: "수신거부 목록({{count}}개 번호)이 영구히 삭제됩니다. 다시 신청해도 복구되지 않습니다.",
      billing: "과금이 끝나고 080 번호는 더 이상 응답하지 않습니다.",
      ad: "새 080 서비스가 COMPLETE 될 때까지 이 프로젝트의 광고(AD)는 거부됩니다.",
      purge: "해지된 기록 자체는 2번째 영업일(월–금, 한국 시간)이 끝날 때 삭제됩니다.",
    },
    typeLabel: "확인을 위해 080 번호 {{number}}을(를) 입력하세요",
    typeHint: "번호가 일치할 때까지 해지 버튼은 비활성화됩니다.",
    confirm: "해지하고 목록 삭제",
    done: "080 서비스를 해지했습니다. 수신거부 번호 {{count}}개가 영구히 삭제되었습니다.",
  },
  list: {
    title: "수신거부 목록",
    total: "일치하는 번호: {{count}}개",
    number: "번호",
    source: "등록 경로",
    added: "등록일",
  },
  search: {
    title: "수신거부 목록 검색",
    number: "번호 시작 부분",
    numberHint: "1–12자리 숫자. 공백과 하이픈은 무시됩니다. 전체 번호를 넣으면 정확히 찾습니다.",
    from: "등록 시작",
    fromHint: "포함, 브라우저의 시간대 기준.",
    to: "등록 종료(이전)",
    toHint: "미포함. “등록 시작”보다 이르면 안 됩니다.",
    source: "등록 경로",
    anySource: "모든 경로",
    submit: "검색",
    clear: "전체 보기",
    rules: {
      prefixInvalid: "1–12자리 숫자를 입력하세요(공백과 하이픈은 무시됩니다).",
      toBeforeFrom: "“등록 종료”는 “등록 시작”보다 이를 수 없습니다.",
    },
  },
  edit: {
    title: "번호 추가 또는 삭제",
    label: "번호(한 줄에 하나씩)",
    hint: "한 번에 최대 1,000개, 각 8–12자리(공백, 하이픈, 점, 괄호는 무시). 반복된 번호는 한 번만 셉니다. 이미 있는 번호는 기존 경로와 시각을 유지합니다.",
    counter: "{{count}} / {{max}}개",
    add: "목록에 추가",
    delete: "목록에서 삭제",
    added:
      "{{added}}개 추가, {{present}}개는 이미 있음, {{duplicates}}개는 붙여 넣은 목록에서 반복됨.",
    deleted:
      "{{deleted}}개 삭제, {{notFound}}개는 목록에 없음, {{duplicates}}개는 붙여 넣은 목록에서 반복됨.",
    rules: {
      numbersEmpty: "번호를 하나 이상 입력하세요.",
      numbersTooMany: "{{count}}개: 한 번에 최대 {{max}}개입니다. 목록을 나누세요.",
    },
    invalidLine: "{{line}}번째 줄(“{{value}}”): {{reason}}.",
    nothingSent: "아무것도 변경되지 않았습니다. 목록을 고친 뒤 다시 시도하세요.",
  },
  operator: {
    title: "080 신청(운영자)",
    intro:
      "모든 계정의 PROCESSING 신청, 오래된 순. 처리하면 무료 080 번호가 발급되고 과금이 시작됩니다.",
    empty: "대기 중인 신청이 없습니다.",
    account: "계정",
    actions: "작업",
    complete: "처리 완료",
    completeOf: "{{company}}의 신청 처리 완료",
    completed: "“{{company}}”이(가) 080 번호 {{number}}(으)로 COMPLETE 되었습니다.",
  },
  ars: {
    title: "ARS 수신거부 전화 시뮬레이션",
    intro:
      "발신자가 080 번호로 전화해 수신거부를 확인한 것처럼, 그 번호가 해당 서비스의 목록에 추가됩니다(경로 ARS). 다시 전화해도 변하지 않습니다.",
    number080: "건 080 번호",
    number080Hint: "COMPLETE 서비스의 080 + 7자리.",
    caller: "발신자 번호",
    callerHint: "8–12자리.",
    submit: "전화 시뮬레이션",
    added: "{{number}}이(가) 수신거부 목록에 추가되었습니다(ARS).",
    already: "{{number}}은(는) 이미 목록에 있어 기존 항목을 유지했습니다.",
    unknown: "이 080 번호를 가진 COMPLETE 서비스가 없습니다.",
    rules: { number080: "080 번호는 080 뒤에 7자리 숫자입니다." },
  },
};

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
