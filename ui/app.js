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
