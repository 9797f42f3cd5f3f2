/*
 * The site's extensions of django-prose-editor, the rich-text editor of the admin. The
 * library loads this module for every editor (DJANGO_PROSE_EDITOR_EXTENSIONS and the
 * extension lists of config/richtext.py).
 *
 * - SafeLink: the library's Link with the site's link rules (config/richtext.py,
 *   `link_href`) and a Dutch dialog that refuses anything but https://, mailto: and tel:
 *   and turns www… into https://www….
 * - SiteEditor: pasted Word and web HTML cleaned before the editor reads it (its schema
 *   then keeps only bold, italic, lists and links, and the server cleans again); Dutch
 *   labels on the toolbar; the editor's base styles from admin/css/richtext.css, since
 *   the site's Content-Security-Policy refuses the inline <style> Tiptap would add.
 */
import { crel, Extension, Link, Plugin } from "django-prose-editor/editor"

// --- the link rules: the same as link_href in config/richtext.py --------------------------

const WEB_URL = /^https?:\/\/([^/?#\s]+)(?:[/?#]\S*)?$/i
const WEB_ADDRESS = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#:]\S*)?$/i
const EMAIL = /^[^@\s/:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i
const PHONE = /^\+?[0-9][0-9 ()./-]{5,}$/
const PHONE_PUNCTUATION = /[\s()./-]/g
const DIALABLE = /^\+?[0-9]{3,}$/

/** Where a link may lead (https://, mailto: or tel:, shorthands completed), or null. */
export function linkHref(address) {
  const value = (address || "").trim()
  const colon = value.indexOf(":")
  const scheme = colon === -1 ? "" : value.slice(0, colon).toLowerCase()
  const rest = value.slice(colon + 1)
  if (scheme === "https" || scheme === "http") {
    const web = WEB_URL.exec(value)
    const host = web ? web[1] : ""
    if (host.includes("@") || !host.split(":")[0].includes(".")) return null
    return `https${value.slice(scheme.length)}`
  }
  if (scheme === "mailto") {
    return EMAIL.test(rest.split("?")[0]) ? `mailto:${rest}` : null
  }
  if (scheme === "tel") {
    const number = rest.replace(PHONE_PUNCTUATION, "")
    return DIALABLE.test(number) ? `tel:${number}` : null
  }
  if (WEB_ADDRESS.test(value)) return `https://${value}`
  if (EMAIL.test(value)) return `mailto:${value}`
  if (PHONE.test(value)) {
    const number = value.replace(PHONE_PUNCTUATION, "")
    return DIALABLE.test(number) ? `tel:${number}` : null
  }
  return null
}

/** What the link dialog makes of what was typed: {href} or {error} (a Dutch sentence). */
export function dialogHref(address) {
  const value = (address || "").trim()
  if (!value) return { error: "Vul een adres in." }
  if (/^http:/i.test(value)) {
    return {
      error:
        "Alleen beveiligde adressen: begin met https:// (controleer of de pagina zo opent).",
    }
  }
  const href = linkHref(value)
  if (!href) {
    return {
      error:
        "Dit adres kan geen link worden. Gebruik een webadres (https://… of www…), " +
        "een e-mailadres of een telefoonnummer.",
    }
  }
  return { href }
}

let dialogCount = 0

/** The Dutch link dialog: resolves with the address, "" to remove the link, null to cancel. */
function linkDialog(editor, current, removable) {
  return new Promise((resolve) => {
    const id = `richtext-link-${++dialogCount}`
    const input = crel("input", {
      id,
      name: "href",
      type: "text",
      value: current || "",
      autocomplete: "off",
      spellcheck: false,
    })
    input.setAttribute("aria-describedby", `${id}-help ${id}-error`)
    const error = crel("p", { id: `${id}-error`, className: "richtext-link-error" })
    const save = crel("button", { type: "submit", textContent: "Link opslaan" })
    const remove = crel("button", { type: "button", textContent: "Link weghalen" })
    const cancel = crel("button", { type: "button", textContent: "Annuleren" })
    const form = crel("form", {}, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: "Link" }),
      crel("div", { className: "prose-editor-dialog-field" }, [
        crel("label", { htmlFor: id, textContent: "Adres" }),
        crel("span", {
          id: `${id}-help`,
          className: "prose-editor-help",
          textContent:
            "Een webadres (https://…; www… wordt https://www…), een e-mailadres of een " +
            "telefoonnummer.",
        }),
        input,
      ]),
      error,
      crel("div", { className: "prose-editor-dialog-buttons" }, [
        save,
        ...(removable ? [remove] : []),
        cancel,
      ]),
    ])
    const dialog = crel("dialog", { className: "prose-editor-dialog richtext-link-dialog" }, [
      form,
    ])
    dialog.setAttribute("aria-labelledby", `${id}-title`)
    form.firstChild.id = `${id}-title`
    let answer = null
    const close = (value) => {
      answer = value
      dialog.close()
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      const result = dialogHref(input.value)
      if (result.error) {
        error.textContent = result.error
        input.setAttribute("aria-invalid", "true")
        input.focus()
        return
      }
      close(result.href)
    })
    remove.addEventListener("click", () => close(""))
    cancel.addEventListener("click", () => close(null))
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(answer)
    })
    editor.view.dom.parentElement.append(dialog)
    dialog.showModal()
  })
}

export const SafeLink = Link.extend({
  addOptions() {
    return {
      ...this.parent?.(),
      enableTarget: false,
      openOnClick: false,
      defaultProtocol: "https",
      isAllowedUri: (url) => linkHref(url) !== null,
      HTMLAttributes: { target: null, rel: null, class: null },
    }
  },

  addAttributes() {
    return {
      ...this.parent?.(),
      // Links read from stored or pasted HTML follow the rules as well (www… gets https://).
      href: {
        default: null,
        parseHTML: (element) => linkHref(element.getAttribute("href")),
      },
    }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          const active = editor.isActive("link")
          const { href } = editor.getAttributes("link")
          linkDialog(editor, href, active).then((answer) => {
            if (answer === null) {
              editor.commands.focus()
            } else if (answer === "") {
              editor.chain().focus().extendMarkRange("link").unsetLink().run()
            } else if (active || !editor.state.selection.empty) {
              editor.chain().focus().extendMarkRange("link").setLink({ href: answer }).run()
            } else {
              // Nothing selected: the address itself becomes the link's text.
              editor
                .chain()
                .focus()
                .insertContent({
                  type: "text",
                  text: answer.replace(/^(mailto|tel):|^https:\/\//, ""),
                  marks: [{ type: "link", attrs: { href: answer } }],
                })
                .run()
            }
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "link",
      groups: "link",
      command(editor) {
        editor.commands.addLink()
      },
      button: buttons.material("insert_link", "Link maken of wijzigen (Ctrl+K)"),
      active(editor) {
        return editor.isActive("link")
      },
    })
    menu.defineItem({
      name: "unlink",
      groups: "link",
      command(editor) {
        editor.chain().focus().extendMarkRange("link").unsetLink().run()
      },
      button: buttons.material("link_off", "Link weghalen"),
      hidden(editor) {
        return !editor.isActive("link")
      },
    })
  },
})

// --- pasting, labels, styles ---------------------------------------------------------------

const WORD_LIST_ITEM = /mso-list:\s*l\d/i
const WORD_LIST_MARKER = /mso-list:\s*ignore/i
const NUMBERED_MARKER = /^\(?[0-9a-z]{1,4}[.)]/i

/** Pasted HTML the editor can read well: Word's list paragraphs as lists, headings as bold
 * paragraphs. Everything else (styles, classes, comments, other tags) the editor's schema
 * leaves out when it reads the result. */
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  const body = doc.body
  for (const marker of body.querySelectorAll("[style]")) {
    if (WORD_LIST_MARKER.test(marker.getAttribute("style"))) {
      marker.closest("p, li")?.setAttribute("data-marker", marker.textContent.trim())
      marker.remove()
    }
  }
  let list = null
  for (const paragraph of [...body.querySelectorAll("p")]) {
    const style = paragraph.getAttribute("style") || ""
    const isItem = WORD_LIST_ITEM.test(style) || /^MsoListParagraph/.test(paragraph.className)
    if (!isItem) {
      list = null
      continue
    }
    const numbered = NUMBERED_MARKER.test(paragraph.dataset.marker || "")
    if (!list || list.nextElementSibling !== paragraph || (list.tagName === "OL") !== numbered) {
      list = doc.createElement(numbered ? "ol" : "ul")
      paragraph.before(list)
    }
    const item = doc.createElement("li")
    item.append(...paragraph.childNodes)
    list.append(item)
    paragraph.remove()
  }
  for (const heading of body.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const paragraph = doc.createElement("p")
    const strong = doc.createElement("strong")
    strong.append(...heading.childNodes)
    paragraph.append(strong)
    heading.replaceWith(paragraph)
  }
  return body.innerHTML
}

const LABELS = {
  bold: "Vet (Ctrl+B)",
  italic: "Cursief (Ctrl+I)",
  bulletList: "Opsomming",
  orderedList: "Genummerde lijst",
  "history:undo": "Ongedaan maken (Ctrl+Z)",
  "history:redo": "Opnieuw (Ctrl+Shift+Z)",
}

export const SiteEditor = Extension.create({
  name: "siteEditor",

  onBeforeCreate() {
    // Tiptap's base styles are in admin/css/richtext.css: an inline <style> breaks the CSP.
    this.editor.options.injectCSS = false
  },

  onCreate() {
    const { editor } = this
    const root = editor.view.dom.closest(".prose-editor")
    const textarea = root?.querySelector("textarea")
    // The field's label and help name the editable area (they point at the hidden textarea).
    if (textarea) {
      const label = document.querySelector(`label[for="${textarea.id}"]`)
      if (label) {
        label.id ||= `${textarea.id}-label`
        editor.view.dom.setAttribute("aria-labelledby", label.id)
        label.addEventListener("click", () => editor.commands.focus())
      }
      const describedBy = textarea.getAttribute("aria-describedby")
      if (describedBy) editor.view.dom.setAttribute("aria-describedby", describedBy)
      // Text kept by admin/js/unsaved.js, put back into the textarea: show it in the editor.
      textarea.addEventListener("richtext:restore", () => editor.commands.setContent(textarea.value))
    }
    // Typing just before saving: what the browser has not yet handed to the editor (it
    // waits a moment after the field loses focus) goes into the form all the same.
    root?.closest("form")?.addEventListener("submit", () => editor.view.domObserver.flush(), {
      capture: true,
    })
    editor.view.dom.setAttribute("role", "textbox")
    editor.view.dom.setAttribute("aria-multiline", "true")
    // After the menu extension has built the toolbar (its onCreate runs in the same turn).
    queueMicrotask(() => {
      for (const button of root?.querySelectorAll(".prose-menubar [data-name]") || []) {
        const label = LABELS[button.dataset.name]
        if (label) {
          button.title = label
          button.setAttribute("aria-label", label)
        }
      }
    })
  },

  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: cleanPastedHTML } })]
  },
})
