/** Texts of the "this month" page and its parts. */
import type { ProgressStatus } from '../../../../schemas/types';
import { translator } from '../i18n/index.svelte';
import { tc } from '../i18n/common';
import { terms } from '../i18n/terms';

export const tp = translator({
  ja: {
    heading: '{month}の記録',
    lead: '{ward}・{year}。予定していた取組の実施状況を記録し、最後に「まとめて保存」を押してください。',
    leadReadOnly: '{ward}・{year}の実施状況です。',
    monthPicker: '記録する月',
    thisMonth: '今月',
    dueHeading: '{month}に予定している取組',
    dueNone: 'この月に予定している取組はありません。',
    overdueHeading: '未記録・遅れ(前の月までの予定)',
    overdueLead: '前の月までに予定していて、まだ実施の記録がない取組です。後から実施した場合は「実施」を選び、実施した日を入れてください(遅れて実施として記録されます)。',
    rowsHeading: '{month}の予定と遅れている取組',
    rowsLead: '取組ごとに、{month}の予定と、前の月から遅れている月をまとめて表示しています。',
    plannedMonthDue: '{month}の予定',
    plannedMonthOverdue: '{month}の予定',
    heldOnLate: '実施日(遅れて実施した日)',
    heldOnLateHint: '{month}より後に実施した場合もその日付を入れてください。',
    doneLate: '遅れて実施',
    doneEarly: '前倒しで実施',
    overdueBadge: '未記録・遅れ {month}',
    asNeededHeading: '随時の取組',
    unplannedHeading: '計画外の実施',
    unplannedLead: '予定していない月に行った取組も記録できます。',
    addUnplanned: '計画外の実施を追加',
    addUnplannedRow: '取組(スケジュールの行)',
    addButton: '追加',
    choose: '選んでください',
    plannedIn: '予定: {months}',
    meetingType: '会議種別',
    status: '実施状況',
    heldOn: '実施日',
    attendance: '参加者数',
    attendanceUnit: '人',
    note: 'メモ',
    noteHint: '個人が特定される情報は記載しないでください。',
    extraHeading: '追加項目',
    recordedBy: '記録: {who} {when}',
    recordedAt: '記録: {when}',
    notRecorded: '未記録',
    undo: '元に戻す',
    changed: '変更あり',
    chooseStatus: '実施状況を選んでください。',
    saveAll: 'まとめて保存',
    changedCount: '未保存の変更 {n}件',
    noChanges: '未保存の変更はありません',
    savedCount: '{n}件の記録を保存しました({time})。',
    saveFailed: '保存できませんでした。何も保存されていません。',
    refreshFailed: '記録は保存しました。ただし、一覧(予定・未記録・遅れ)を最新の状態に更新できませんでした。',
    refreshRetry: '一覧を更新',
    errorSummary: '入力内容を確認してください({n}件)。該当する欄の横に理由を表示しています。',
    goToField: '{row} の「{field}」へ移動',
    conflictSummary: '他の人が先に記録を変更したため、保存できませんでした(何も保存されていません)。各行で相手の内容を確認し、どちらを残すか選んでください。',
    conflictRow: 'この記録は他の人が先に変更しました。',
    conflictDeleted: 'この記録は他の人が削除しました。',
    theirs: '現在の記録',
    keepMine: '自分の入力で保存し直す',
    takeTheirs: '相手の内容を採用',
    conflictUnresolved: '他の人の変更と重なった記録が {n}件あります。各行でどちらを残すか選んでから保存してください。',
    sessionExpired: 'ログインの有効期限が切れました。ログインし直してから、もう一度「まとめて保存」を押してください。入力内容は残っています。',
    readOnly: 'この{unit}の記録は閲覧のみです(編集できるのは{unit}の事務局です)。',
    noPlan: '{year}の{ward}の計画はまだありません。',
    loadFailed: '読み込めませんでした: {message}',
    unknownWard: 'この{unit}は登録されていません。',
    rowLabel: '{n} {title}',
    yes: 'はい',
    no: 'いいえ',
    saveHint: '保存されるのは変更した行だけです。すべての行がまとめて保存されるか、1件も保存されないかのどちらかです。',
  },
  en: {
    heading: 'Records for {month}',
    lead: '{ward}, {year}. Record what was done for each planned task, then press “Save all”.',
    leadReadOnly: '{ward}, {year}: what was recorded.',
    monthPicker: 'Month to record',
    thisMonth: 'this month',
    dueHeading: 'Planned for {month}',
    dueNone: 'Nothing is planned for this month.',
    overdueHeading: 'Not recorded / behind (planned for earlier months)',
    overdueLead: 'Tasks planned for an earlier month with no record of being done yet. If done later, choose “Done” and enter the day it was done (recorded as done late).',
    rowsHeading: 'Planned for {month}, and tasks behind',
    rowsLead: 'Each task shows its cell for {month} and the earlier months it is behind on, together.',
    plannedMonthDue: 'Planned for {month}',
    plannedMonthOverdue: 'Planned for {month}',
    heldOnLate: 'Date done (done late)',
    heldOnLateHint: 'If it was done after {month}, enter that date.',
    doneLate: 'Done late',
    doneEarly: 'Done early',
    overdueBadge: 'Not recorded / behind: {month}',
    asNeededHeading: 'As-needed tasks',
    unplannedHeading: 'Work outside the plan',
    unplannedLead: 'Work done in a month it was not planned for can be recorded too.',
    addUnplanned: 'Add work outside the plan',
    addUnplannedRow: 'Task (schedule row)',
    addButton: 'Add',
    choose: 'Choose…',
    plannedIn: 'Planned: {months}',
    meetingType: 'Meeting type',
    status: 'Status',
    heldOn: 'Date held',
    attendance: 'Attendance',
    attendanceUnit: 'people',
    note: 'Note',
    noteHint: 'Do not write anything that identifies a person.',
    extraHeading: 'Additional fields',
    recordedBy: 'Recorded by {who}, {when}',
    recordedAt: 'Recorded {when}',
    notRecorded: 'Not recorded',
    undo: 'Undo',
    changed: 'Changed',
    chooseStatus: 'Choose a status.',
    saveAll: 'Save all',
    changedCount: '{n} unsaved change(s)',
    noChanges: 'No unsaved changes',
    savedCount: 'Saved {n} record(s) ({time}).',
    saveFailed: 'Could not save. Nothing was saved.',
    refreshFailed: 'The records were saved, but the list (due, not recorded / behind) could not be refreshed.',
    refreshRetry: 'Refresh the list',
    errorSummary: 'Please check the input ({n}). The reason is shown beside each field.',
    goToField: 'Go to “{field}” of {row}',
    conflictSummary: 'Someone else changed a record first, so nothing was saved. Review the current record on each marked row and choose which to keep.',
    conflictRow: 'Someone else changed this record first.',
    conflictDeleted: 'Someone else deleted this record.',
    theirs: 'Current record',
    keepMine: 'Save my input over it',
    takeTheirs: 'Use theirs',
    conflictUnresolved: '{n} record(s) overlap with someone else’s change. Choose which to keep on each row before saving.',
    sessionExpired: 'Your login expired. Log in again, then press “Save all” once more. Your input is still here.',
    readOnly: "Read only: only the {unit}'s secretariat can record this {unit}'s progress.",
    noPlan: 'There is no {year} plan for {ward} yet.',
    loadFailed: 'Could not load: {message}',
    unknownWard: 'This {unit} is not registered.',
    rowLabel: '{n} {title}',
    yes: 'Yes',
    no: 'No',
    saveHint: 'Only changed rows are sent. Either all of them are saved or none is.',
  },
}, terms);

export function statusLabel(status: ProgressStatus | '' | null | undefined): string {
  switch (status) {
    case 'done':
      return tc('statusDone');
    case 'partial':
      return tc('statusPartial');
    case 'postponed':
      return tc('statusPostponed');
    case 'notDone':
      return tc('statusNotDone');
    case 'cancelled':
      return tc('statusCancelled');
    default:
      return tc('statusNone');
  }
}

/** Badge colour class of a progress status (the text always says it too). */
export function statusTone(status: ProgressStatus | '' | null | undefined): string {
  return status === 'done' ? 'ok' : status === 'partial' ? 'warn' : status === 'postponed' || status === 'notDone' ? 'bad' : '';
}
