// js_on_load of the app header, which is always on the page. Source links are rendered by the
// server inside the Chatbot, the Sources panel and the Eval tab (ui/render.py) with
// href="#<scope>-<cite|passage>-<position>-<index>"; one capturing listener on the document turns a
// click on any of them into a "click" event of the header, which the tab named by scope answers.
const SOURCE_LINK = /^#(chat|eval)-(cite|passage)-(\d+)-(\d+)$/;
const openSource = (event) => {
  const link = event.target.closest('a[href^="#chat-"], a[href^="#eval-"]');
  const match = link && SOURCE_LINK.exec(link.getAttribute('href'));
  if (!match) return;
  event.preventDefault();
  event.stopPropagation();
  trigger('click', {
    scope: match[1],
    kind: match[2],
    position: Number(match[3]),
    index: Number(match[4]),
  });
};
if (window.corpusChatOpenSource) {
  document.removeEventListener('click', window.corpusChatOpenSource, true);
}
window.corpusChatOpenSource = openSource;
document.addEventListener('click', openSource, true);

// The Corpus tab's upload box: the names and sizes of the files picked or dropped, reported as an
// "upload" event of the header before Gradio checks them. A file Gradio refuses there (another type,
// over the size limit) never reaches the server, so without this the log would not say so.
const UPLOAD_BOX = '#upload';
const reportPicked = (files) => {
  if (!files || !files.length) return;
  trigger('upload', {files: Array.from(files, (file) => ({name: file.name, size: file.size}))});
};
const onPick = (event) => {
  const target = event.target;
  if (event.type === 'change' && target.matches?.(`${UPLOAD_BOX} input[type=file]`)) reportPicked(target.files);
  if (event.type === 'drop' && target.closest?.(UPLOAD_BOX)) reportPicked(event.dataTransfer?.files);
};
for (const type of ['change', 'drop']) {
  if (window.corpusChatOnPick) document.removeEventListener(type, window.corpusChatOnPick, true);
  document.addEventListener(type, onPick, true);
}
window.corpusChatOnPick = onPick;
