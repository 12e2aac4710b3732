/**
 * Texts of the plan's read/edit mode and of the schedule grid's keyboard editing (undo, what a toggle
 * did), in Japanese and English. Kept apart from strings.ts so that the grid's wording is in one place.
 */
import { translator } from '../i18n/index.svelte';

export const te = translator({
  ja: {
    edit: '編集',
    endEdit: '閲覧に戻る',
    editTitle: '計画を編集します(保存するまでは他の人に見えません)',
    endEditTitle: '編集をやめて、計画を文書として表示します(未保存の変更は残ります)',
    editing: '編集中',
    editOn: '編集できるようになりました。',
    editOff: '計画を文書として表示しています。',
    gridHelp: '月のマスへは Tab で一度に移り、矢印キーで月と行を移動、スペースか Enter で予定の有無を切り替え、Ctrl+Z で直前の変更を元に戻します。',
    undo: '元に戻す',
    undoTitle: '予定の直前の変更を元に戻す(Ctrl+Z)',
    undone: '元に戻しました: {row} {what}',
    undoneTiming: '実施時期',
    nothingToUndo: '元に戻す変更はありません(保存した後の変更だけを戻せます)。',
    plannedOn: '{row} {month}を予定に入れました。',
    plannedOff: '{row} {month}を予定から外しました。',
    everyMonthChanged: '{row}は「毎月」でしたが、{month}を外したため「月を指定」に変わり、残りの11か月が予定になりました。元に戻すには「元に戻す」か Ctrl+Z。',
    asNeededChanged: '{row}は「随時」でしたが、{month}を選んだため「月を指定」に変わり、{month}だけが予定になりました。元に戻すには「元に戻す」か Ctrl+Z。',
    confirmUnplanRecorded:
      '{row}の{month}には実績「{status}」が記録されています。\n予定から外しても記録は消えずに残りますが、計画していない月の記録となり、計画に対する進捗(実施率)には数えられなくなります。\n{month}を予定から外しますか?',
    unplannedRecorded: '{row} {month}を予定から外しました。記録「{status}」は消えずに、計画していない月の記録として残ります。',
  },
  en: {
    edit: 'Edit',
    endEdit: 'Back to reading',
    editTitle: 'Edit the plan (others see the changes only once saved)',
    endEditTitle: 'Stop editing and show the plan as a document (unsaved changes are kept)',
    editing: 'Editing',
    editOn: 'You can now edit the plan.',
    editOff: 'The plan is shown as a document.',
    gridHelp: 'Tab moves to the month cells in one step; arrow keys move between months and rows, Space or Enter plans or unplans a month, Ctrl+Z undoes the last change.',
    undo: 'Undo',
    undoTitle: 'Undo the last change to the schedule (Ctrl+Z)',
    undone: 'Undone: {row} {what}',
    undoneTiming: 'timing',
    nothingToUndo: 'Nothing to undo (only changes since the last save can be undone).',
    plannedOn: '{row} {month} is now planned.',
    plannedOff: '{row} {month} is no longer planned.',
    everyMonthChanged: '{row} was “Every month”; without {month} it is now “Set months”, with the other eleven months planned. To take it back, press Undo or Ctrl+Z.',
    asNeededChanged: '{row} was “As needed”; choosing {month} made it “Set months”, with only {month} planned. To take it back, press Undo or Ctrl+Z.',
    confirmUnplanRecorded:
      '{row} has “{status}” recorded for {month}.\nIf you unplan the month, the record is kept, but as a record of a month that was not planned: it no longer counts towards the plan’s progress.\nUnplan {month}?',
    unplannedRecorded: '{row} {month} is no longer planned. Its record “{status}” is kept as a record of a month that was not planned.',
  },
});
