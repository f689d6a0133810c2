#!/usr/bin/env python3
# The translation checks: every string a person sees is marked for
# translation, po/POTFILES.in lists exactly the files that have marked
# strings, ambiguous short strings tell the translator what they mean, and
# po/ru.po translates everything the sources have today (no untranslated,
# no fuzzy, three plural forms).  Speaks TAP.
#
# usage: check-i18n.py SOURCE_DIR             run the checks (TAP)
#        check-i18n.py SOURCE_DIR --missing   print, as PO text, what po/ru.po
#                                             lacks for the current sources
#
# The second form is what a translator runs after the first one fails: it
# merges po/ru.po with the strings extracted from the sources now (in a
# temporary folder; nothing in the checkout changes) and prints the
# untranslated and fuzzy entries with their places and comments.  To bring
# po/ru.po itself up to date, `meson compile -C BUILD flotilla-update-po`.

import gettext
import os
import re
import subprocess
import sys
import tempfile
import xml.parsers.expat

SOURCE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
PO_DIR = os.path.join(SOURCE or '.', 'po')
LANGUAGE = 'ru'

# What meson's i18n.gettext(preset: 'glib') gives xgettext (po/meson.build),
# so that the strings checked here are the strings the .pot gets.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# Russian: one (1, 21, 101), few (2-4, 22-24), many (0, 5-20, 25-30, 11-14).
def russian_plural(n):
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


# ---------------------------------------------------------------------------
# Where user-visible text goes in C.  Each entry is a function and the
# (0-based) arguments that are text a person reads; 'even2' means every
# label of an (id, label, id, label, ...) list starting at argument 2.

SINKS = {
    # GLib: errors reach dialogs, toasts, banners and stderr.
    'g_set_error': [3], 'g_set_error_literal': [3],
    'g_error_new': [2], 'g_error_new_literal': [2],
    'g_task_return_new_error': [3], 'g_task_report_new_error': [6],
    'g_prefix_error': [1], 'g_prefix_error_literal': [1],
    'g_propagate_prefixed_error': [2],
    'g_dbus_method_invocation_return_error': [3],
    'g_print': [0], 'g_printerr': [0],
    'g_option_context_new': [0], 'g_option_context_set_summary': [1],
    'g_option_context_set_description': [1],
    'g_notification_new': [0], 'g_notification_set_body': [1],
    'g_notification_add_button': [1],
    'g_menu_append': [1], 'g_menu_prepend': [1], 'g_menu_insert': [2],
    'g_menu_item_new': [0], 'g_menu_item_set_label': [1],
    'g_menu_append_section': [1], 'g_menu_append_submenu': [1],
    # GTK
    'gtk_label_new': [0], 'gtk_label_new_with_mnemonic': [0],
    'gtk_button_new_with_label': [0], 'gtk_button_new_with_mnemonic': [0],
    'gtk_check_button_new_with_label': [0], 'gtk_check_button_new_with_mnemonic': [0],
    'gtk_toggle_button_new_with_label': [0], 'gtk_toggle_button_new_with_mnemonic': [0],
    'gtk_link_button_new_with_label': [1],
    'gtk_expander_new': [0], 'gtk_expander_new_with_mnemonic': [0], 'gtk_frame_new': [0],
    'gtk_string_list_append': [1], 'gtk_string_list_take': [1],
    'gtk_file_chooser_native_new': [0, 3, 4],
    'gtk_alert_dialog_new': [0],
    'gtk_message_dialog_new': [4], 'gtk_message_dialog_format_secondary_text': [1],
    'gtk_stack_add_titled': [3], 'gtk_notebook_set_tab_label_text': [2],
    'gtk_tooltip_set_text': [1], 'gtk_tooltip_set_markup': [1],
    'gtk_progress_bar_set_text': [1],
    # libadwaita
    'adw_toast_new': [0], 'adw_toast_new_format': [0],
    'adw_window_title_new': [0, 1],
    'adw_banner_new': [0],
    'adw_message_dialog_new': [1, 2],
    'adw_message_dialog_add_response': [2], 'adw_message_dialog_set_response_label': [2],
    'adw_message_dialog_add_responses': 'even2',
    'adw_alert_dialog_new': [0, 1],
    'adw_alert_dialog_add_response': [2], 'adw_alert_dialog_set_response_label': [2],
    'adw_alert_dialog_add_responses': 'even2',
    'adw_view_stack_add_titled': [3], 'adw_view_stack_add_titled_with_icon': [3],
    'adw_navigation_page_new': [1],
    # Flotilla's own: where its text ends up in front of a person.  The
    # printf-like ones (G_GNUC_PRINTF) are found in the sources as well.
    'flt_diagnostic_new': [6],
    'flt_form_show_invalid': [2],
    '_flt_window_toast': [1],
    'flt_progress_panel_begin': [1], 'flt_progress_panel_finish': [1],
    'flt_progress_panel_cancelled': [1],
    'flt_choose_file_async': [2],
    'flt_patch_new': [0],
    'flt_list_row_set_message': [2],
    'flt_text_sentence': [0],
}

# gtk_*_set_title (w, "..."), adw_*_set_body (w, "...") and the like: the
# second argument is text.  (gtk_widget_set_name and the text of editable
# fields and buffers are not: those are CSS names and content.)
SETTER = re.compile(r'^(gtk|adw)_\w+_(set|format)_(title|subtitle|label|text|markup|'
                    r'text_with_mnemonic|markup_with_mnemonic|tooltip_text|tooltip_markup|'
                    r'placeholder_text|heading|body|body_markup|description|button_label|'
                    r'accept_label|cancel_label|message|detail)$')
NOT_TEXT_SETTERS = {
    'gtk_editable_set_text', 'gtk_entry_buffer_set_text', 'gtk_text_buffer_set_text',
    'gtk_source_buffer_set_text',
}

# Only in the command line, where stdout and stderr are what the person reads.
CLI_SINKS = {'printf': [0], 'fprintf': [1], 'fputs': [0], 'puts': [0]}

# A call's result that is still the literal's text.
PASS_THROUGH = {
    'g_strdup': [0], 'g_strdup_printf': [0], 'g_markup_printf_escaped': [0],
    'g_markup_escape_text': [0], 'g_strconcat': 'all', 'g_string_new': [0],
}

# Literals that reach a sink and are not translated on purpose.  Each is
# (file or '*' for any, the literal's text, why); an entry that no longer
# matches anything fails the check, so the list stays true.
C_ALLOWED = [
    ('app/gui/flt-window.c', 'Flotilla',
     'the application’s name in the title of a window with no file yet'),
    ('app/gui/flt-application.c', 'flotilla-first-project-frame %" G_GINT64_FORMAT "\\n',
     'a time stamp for tests/bench, printed only under FLOTILLA_BENCH_STARTUP'),
    ('app/gui/flt-application.c', 'flotilla-first-frame-clock %" G_GINT64_FORMAT "\\n',
     'a time stamp for tests/bench, printed only under FLOTILLA_BENCH_STARTUP'),
    ('app/cli/flt-cli-common.c', 'flotilla-compose %s\\n',
     '--version prints the program’s name and version, as every GNU tool does'),
    ('*', '%s.%09" G_GINT64_FORMAT "Z ',
     'logs --timestamps: an RFC 3339 time, whose Z means UTC in every language'),
    ('app/gui/flt-application.c', 'flotilla-renderer %s\\n',
     'the renderer in use, for tests/bench, printed only under FLOTILLA_BENCH_STARTUP'),
    ('app/gui/flt-window-remote.c', 'ssh://user@host',
     'an example engine address, in the syntax docker takes, the same in every language'),
    ('app/engine/flt-engine.c', 'bad request path %s',
     'a request path Flotilla built itself that libsoup refused (a bug)'),
]

# .ui properties whose value is text a person reads.
UI_TEXT_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup', 'placeholder-text',
    'description', 'heading', 'body', 'text', 'secondary-text', 'button-label',
    'accept-label', 'cancel-label', 'add-title', 'title-label', 'accessible-label',
}
# Properties that hold names, actions, icons and the like, never text.
UI_NOT_TEXT = {'accelerator', 'action-name', 'action-target', 'icon-name', 'name',
               'css-classes', 'css-name', 'section-name', 'view-name', 'language',
               'style-scheme', 'mime-type', 'pattern', 'value'}

# Untranslatable text in .ui files: (file, text, why).
UI_ALLOWED = [
    ('ui/flt-window.ui', 'Flotilla',
     'the application’s name, in the title before a file is open'),
    ('ui/flt-export-dialog.ui', 'aws-compose.yml', 'a file name the export writes'),
    ('ui/flt-export-dialog.ui', 'ecs-params.yml', 'a file name the export writes'),
    ('ui/flt-export-dialog.ui', 'task-definition.json', 'a file name the export writes'),
    ('ui/flt-port-row.ui', 'tcp', 'a protocol as the compose file spells it'),
    ('ui/flt-port-row.ui', 'udp', 'a protocol as the compose file spells it'),
    ('ui/flt-port-row.ui', 'sctp', 'a protocol as the compose file spells it'),
]

# Short strings a translator cannot place without help: each needs a
# "Translators:" comment or a context (C_, context="…").  Compared after
# dropping mnemonic underscores and a trailing ellipsis.
AMBIGUOUS = {
    'Up', 'Down', 'Start', 'Stop', 'Restart', 'Name', 'Image', 'Build', 'Pull', 'Test',
    'Clear', 'Follow', 'External', 'Internal', 'Attachable', 'Source', 'Target', 'Driver',
    'Mode', 'Disable', 'Remove', 'Created', 'Removed', 'Started', 'Stopped', 'Any', 'All',
    'Value', 'File', 'Logs', 'Plan',
}


# ---------------------------------------------------------------------------
# A small C lexer: enough to find calls and their arguments.

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pp>^[ \t]*\#(?:\\\n|[^\n])*)
  | (?P<string>(?:u8|[LuU])?"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])+')
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<number>\.?\d[\w.]*)
  | (?P<punct>->|\+\+|--|&&|\|\||[<>=!]=|<<|>>|[^\s\w])
  | (?P<space>\s+)
''', re.S | re.M | re.X)


class Token:
    __slots__ = ('kind', 'text', 'line')

    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line


def lex(text):
    tokens = []
    line = 1
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        value = m.group()
        if kind not in ('comment', 'pp', 'space'):
            tokens.append(Token(kind, value, line))
        line += value.count('\n')
    return tokens


def match_paren(tokens, i):
    """tokens[i] is '(' or '{' or '['; returns the index of its partner."""
    opening = tokens[i].text
    closing = {'(': ')', '{': '}', '[': ']'}[opening]
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].text == opening:
            depth += 1
        elif tokens[j].text == closing:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def split_args(tokens, open_index):
    """The arguments of the call whose '(' is at open_index, as token lists."""
    close = match_paren(tokens, open_index)
    args, current, depth = [], [], 0
    for t in tokens[open_index + 1:close]:
        if t.text in '([{':
            depth += 1
        elif t.text in ')]}':
            depth -= 1
        if t.text == ',' and depth == 0:
            args.append(current)
            current = []
        else:
            current.append(t)
    if current or args:
        args.append(current)
    return args


def literal_value(tokens):
    """Adjacent literals and macros ("a" G_GINT64_FORMAT "b") as one text."""
    parts = []
    for t in tokens:
        if t.kind == 'string':
            parts.append(t.text[t.text.index('"') + 1:-1])
        else:
            parts.append('" %s "' % t.text)
    return ''.join(parts)


def unmarked_literals(arg):
    """Literals in an argument that reach the sink untranslated."""
    found = []
    i = 0
    while i < len(arg):
        t = arg[i]
        if t.kind == 'ident' and i + 1 < len(arg) and arg[i + 1].text == '(':
            close = i + 1 + (match_paren(arg[i + 1:], 0))
            if t.text in PASS_THROUGH:
                inner = split_args(arg, i + 1)
                which = PASS_THROUGH[t.text]
                for n, sub in enumerate(inner):
                    if which == 'all' or n in which:
                        found += unmarked_literals(sub)
            # Marked (_ and friends) or any other call: what it returns is
            # not one of these literals.
            i = close + 1
            continue
        if t.text == '(':
            close = i + match_paren(arg[i:], 0)
            found += unmarked_literals(arg[i + 1:close])
            i = close + 1
            continue
        if t.kind == 'string':
            j = i
            while j + 1 < len(arg) and (arg[j + 1].kind == 'string' or
                                        (arg[j + 1].kind == 'ident' and arg[j + 1].text.isupper()
                                         and j + 2 < len(arg) and arg[j + 2].kind == 'string')):
                j += 1
            found.append((t.line, literal_value(arg[i:j + 1])))
            i = j + 1
            continue
        i += 1
    return found


PRINTF_CONVERSION = re.compile(r'%(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?'
                               r'(?:hh|h|ll|l|j|z|t|L)?[diouxXeEfFgGaAcspn%]')
ESCAPE = re.compile(r'\\(?:[abfnrtv\\\'"?]|x[0-9a-fA-F]+|[0-7]{1,3})')


def is_text(literal):
    """Whether a literal holds words rather than punctuation and formats."""
    bare = re.sub(r'" [A-Z0-9_]+ "', '', literal)
    bare = ESCAPE.sub('', PRINTF_CONVERSION.sub('', bare))
    return re.search(r'[^\W\d_]', bare) is not None


def printf_like_functions(c_files):
    """Flotilla's own printf-like functions and their format argument."""
    found = {}
    declaration = re.compile(r'\b(\w+)\s*\(([^;{}]*?)\)\s*(?:G_GNUC_PRINTF\s*\((\d+)\s*,)', re.S)
    prefix = re.compile(r'G_GNUC_PRINTF\s*\((\d+)\s*,\s*\d+\)\s*(?:static\s+)?[\w\s\*]*?\b(\w+)\s*\(', re.S)
    for path in c_files:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for m in declaration.finditer(text):
            found[m.group(1)] = [int(m.group(3)) - 1]
        for m in prefix.finditer(text):
            found[m.group(2)] = [int(m.group(1)) - 1]
    return found


def scan_c(path, relative, sinks):
    """(line, function, literal) for each unmarked literal that reaches a sink."""
    with open(path, encoding='utf-8') as f:
        tokens = lex(f.read())
    problems = []
    in_cli = relative.startswith('app/cli/')
    for i, t in enumerate(tokens):
        if t.kind != 'ident' or i + 1 >= len(tokens) or tokens[i + 1].text != '(':
            continue
        # A declaration or definition names the function too: skip those.
        if i > 0 and (tokens[i - 1].kind == 'ident' and tokens[i - 1].text not in ('return', 'else')
                      or tokens[i - 1].text == '*'):
            continue
        which = sinks.get(t.text)
        if which is None and in_cli:
            which = CLI_SINKS.get(t.text)
        if which is None and SETTER.match(t.text) and t.text not in NOT_TEXT_SETTERS:
            which = [1]
        if which is None:
            continue
        args = split_args(tokens, i + 1)
        if which == 'even2':
            which = range(2, len(args), 2)
        for n in which:
            if n < len(args):
                for line, literal in unmarked_literals(args[n]):
                    if is_text(literal):
                        problems.append((line, t.text, literal))
    return problems


# ---------------------------------------------------------------------------
# .ui files

def scan_ui(path):
    """(line, what, text) for each piece of visible text not marked translatable."""
    problems = []
    stack = []
    parser = xml.parsers.expat.ParserCreate()

    def start(name, attrs):
        stack.append({'name': name, 'attrs': attrs, 'line': parser.CurrentLineNumber,
                      'text': '', 'parent': stack[-1]['name'] if stack else None})
        # GTK 4.8's <accessibility> parser refuses the attribute (a
        # critical when the template is built); use context="…" there.
        if 'comments' in attrs and any(e['name'] == 'accessibility' for e in stack[:-1]):
            problems.append((parser.CurrentLineNumber, 'accessible %s' % name,
                             'comments="…" inside <accessibility>, which GTK 4.8 refuses'))

    def data(text):
        if stack:
            stack[-1]['text'] += text

    def end(name):
        element = stack.pop()
        attrs = element['attrs']
        text = element['text'].strip()
        if not re.search(r'[^\W\d_]', text) or attrs.get('translatable') in ('yes', 'true', '1'):
            return
        what = None
        if name in ('property', 'attribute'):
            prop = attrs.get('name', '')
            if name == 'attribute' and prop != 'label':
                return
            if prop in UI_TEXT_PROPERTIES:
                what = '%s "%s"' % (name, prop)
            elif prop not in UI_NOT_TEXT and ' ' in text and not text.startswith('<'):
                # Not a known text property, but a phrase all the same.
                what = 'property "%s"' % prop
        elif name == 'item' and element['parent'] == 'items':
            what = 'string list item'
        elif name == 'mime-type' or name == 'pattern':
            return
        if what:
            problems.append((element['line'], what, text))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = data
    parser.EndElementHandler = end
    with open(path, 'rb') as f:
        parser.ParseFile(f)
    return problems


# ---------------------------------------------------------------------------
# PO files

def parse_po(path):
    """The entries of a PO or POT file as dicts: msgctxt, msgid, msgid_plural,
    msgstr (a list), flags, comments (#.), references, obsolete."""
    entries = []
    entry = None
    field = None

    def unquote(s):
        s = s.strip()
        assert s.startswith('"') and s.endswith('"'), s
        return bytes(s[1:-1], 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')

    def new():
        return {'msgctxt': None, 'msgid': None, 'msgid_plural': None, 'msgstr': [],
                'flags': set(), 'comments': [], 'references': [], 'previous': [],
                'obsolete': False}

    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    entry = new()
    for raw in lines + ['']:
        line = raw
        obsolete = False
        if line.startswith('#~'):
            obsolete = True
            line = line[2:].lstrip()
        if line.strip() == '':
            if entry['msgid'] is not None:
                entries.append(entry)
            entry = new()
            field = None
            continue
        if line.startswith('#.'):
            entry['comments'].append(line[2:].strip())
        elif line.startswith('#:'):
            entry['references'] += line[2:].split()
        elif line.startswith('#,'):
            entry['flags'] |= {x.strip() for x in line[2:].split(',')}
        elif line.startswith('#|'):
            entry['previous'].append(line)
        elif line.startswith('#'):
            pass
        else:
            entry['obsolete'] = entry['obsolete'] or obsolete
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                key = m.group(1)
                if key.startswith('msgstr'):
                    entry['msgstr'].append(unquote(m.group(3)))
                    field = ('msgstr', len(entry['msgstr']) - 1)
                else:
                    entry[key] = unquote(m.group(3))
                    field = (key, None)
            elif line.startswith('"') and field:
                key, index = field
                if key == 'msgstr':
                    entry['msgstr'][index] += unquote(line)
                else:
                    entry[key] += unquote(line)
    return entries


def header_field(entries, name):
    for e in entries:
        if e['msgid'] == '' and e['msgctxt'] is None:
            m = re.search(r'^%s:\s*(.*)$' % re.escape(name), e['msgstr'][0], re.M)
            return m.group(1).strip() if m else None
    return None


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def potfiles():
    with open(os.path.join(PO_DIR, 'POTFILES.in'), encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


def extract_pot(folder):
    """The .pot of the current sources, as po/meson.build makes it."""
    pot = os.path.join(folder, 'flotilla.pot')
    r = run(['xgettext'] + XGETTEXT_ARGS +
            ['--package-name=flotilla', '-D', SOURCE,
             '--files-from=' + os.path.join(PO_DIR, 'POTFILES.in'), '-o', pot])
    if r.returncode != 0:
        raise RuntimeError('xgettext failed: ' + r.stderr)
    return pot


def merge_po(folder, pot):
    merged = os.path.join(folder, LANGUAGE + '.po')
    r = run(['msgmerge', '--quiet', '--no-wrap', '--previous',
             os.path.join(PO_DIR, LANGUAGE + '.po'), pot, '-o', merged])
    if r.returncode != 0:
        raise RuntimeError('msgmerge failed: ' + r.stderr)
    return merged


def missing_entries(merged):
    """Entries of the merged PO that are untranslated or fuzzy."""
    missing = []
    for e in parse_po(merged):
        if e['obsolete'] or e['msgid'] == '':
            continue
        if 'fuzzy' in e['flags'] or not e['msgstr'] or any(s == '' for s in e['msgstr']):
            missing.append(e)
    return missing


def po_quote(text):
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t')


def format_entry(e):
    out = ['#. ' + c for c in e['comments']]
    if e['references']:
        out.append('#: ' + ' '.join(e['references']))
    if e['flags']:
        out.append('#, ' + ', '.join(sorted(e['flags'])))
    out += e['previous']
    if e['msgctxt'] is not None:
        out.append('msgctxt ' + po_quote(e['msgctxt']))
    out.append('msgid ' + po_quote(e['msgid']))
    if e['msgid_plural'] is not None:
        out.append('msgid_plural ' + po_quote(e['msgid_plural']))
        for n, s in enumerate(e['msgstr']):
            out.append('msgstr[%d] %s' % (n, po_quote(s)))
    else:
        out.append('msgstr ' + po_quote(e['msgstr'][0] if e['msgstr'] else ''))
    return '\n'.join(out)


# ---------------------------------------------------------------------------
# The checks.  Each returns a list of problems (strings); empty is a pass.

def source_files():
    """Every file under app/, ui/ and data/ that can hold user-visible text."""
    found = []
    for top in ('app', 'ui', 'data'):
        for folder, dirs, files in os.walk(os.path.join(SOURCE, top)):
            dirs[:] = sorted(d for d in dirs if d not in ('examples',))
            for name in sorted(files):
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, SOURCE)
                if (name.endswith(('.c', '.ui')) or name.endswith('.desktop.in')
                        or name.endswith('.metainfo.xml.in') or name.endswith('.mime.xml.in')
                        or name.endswith('.gschema.xml')):
                    found.append(relative)
    return found


def check_c_marked():
    c_files = [os.path.join(SOURCE, f) for f in source_files() if f.endswith('.c')]
    c_files += [os.path.join(folder, name)
                for folder, _, files in os.walk(os.path.join(SOURCE, 'app'))
                for name in files if name.endswith('.h')]
    sinks = dict(SINKS)
    for name, which in printf_like_functions(c_files).items():
        sinks.setdefault(name, which)
    problems = []
    used = set()
    for path in sorted(p for p in c_files if p.endswith('.c')):
        relative = os.path.relpath(path, SOURCE)
        for line, function, literal in scan_c(path, relative, sinks):
            allowed = [a for a in C_ALLOWED if a[0] in (relative, '*') and a[1] == literal]
            if allowed:
                used.add(allowed[0][:2])
                continue
            problems.append('%s:%d: "%s" reaches %s() without _()' % (relative, line, literal, function))
    for file, literal, why in C_ALLOWED:
        if (file, literal) not in used:
            problems.append('allowed but no longer found (drop it from C_ALLOWED): %s "%s"' % (file, literal))
    return problems


def check_ui_marked():
    problems = []
    used = set()
    for relative in source_files():
        if not relative.endswith('.ui'):
            continue
        for line, what, text in scan_ui(os.path.join(SOURCE, relative)):
            if (relative, text) in {a[:2] for a in UI_ALLOWED}:
                used.add((relative, text))
                continue
            problems.append('%s:%d: %s "%s" lacks translatable="yes"' % (relative, line, what, text))
    for file, text, why in UI_ALLOWED:
        if (file, text) not in used:
            problems.append('allowed but no longer found (drop it from UI_ALLOWED): %s "%s"' % (file, text))
    return problems


MARKED_C = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2|g_dcgettext|ngettext)\s*\(\s*(?:"|\w+\s*,\s*")')


def has_marked_strings(relative):
    with open(os.path.join(SOURCE, relative), encoding='utf-8') as f:
        text = f.read()
    if relative.endswith('.c'):
        # Comments may mention _("…") without being strings.
        text = re.sub(r'/\*.*?\*/|//[^\n]*', '', text, flags=re.S)
        return MARKED_C.search(text) is not None
    if relative.endswith('.ui'):
        return re.search(r'translatable="(yes|true|1)"', text) is not None
    # Desktop files, metainfo, MIME types and schemas always have text.
    return True


def check_potfiles_complete():
    listed = set(potfiles())
    return ['%s has strings marked for translation and is not in po/POTFILES.in' % f
            for f in source_files() if f not in listed and has_marked_strings(f)]


def check_potfiles_exist():
    problems = []
    names = potfiles()
    for f in names:
        if not os.path.isfile(os.path.join(SOURCE, f)):
            problems.append('po/POTFILES.in lists %s, which does not exist' % f)
    if names != sorted(names):
        problems.append('po/POTFILES.in is not sorted (its header asks for that)')
    if len(names) != len(set(names)):
        problems.append('po/POTFILES.in lists a file twice')
    return problems


def check_plural_forms():
    entries = parse_po(os.path.join(PO_DIR, LANGUAGE + '.po'))
    value = header_field(entries, 'Plural-Forms')
    if value is None:
        return ['po/%s.po has no Plural-Forms header' % LANGUAGE]
    m = re.match(r'nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$', value)
    if not m:
        return ['po/%s.po: cannot read Plural-Forms "%s"' % (LANGUAGE, value)]
    problems = []
    if int(m.group(1)) != 3:
        problems.append('Russian has three plural forms; Plural-Forms says nplurals=%s' % m.group(1))
    try:
        plural = gettext.c2py(m.group(2))
    except (ValueError, SyntaxError) as e:
        return problems + ['Plural-Forms "%s" is not an expression gettext reads: %s' % (value, e)]
    wrong = [n for n in range(0, 1000) if plural(n) != russian_plural(n)]
    if wrong:
        problems.append('Plural-Forms "%s" picks the wrong form for %s' % (value, wrong[:8]))
    charset = header_field(entries, 'Content-Type') or ''
    if 'charset=UTF-8' not in charset:
        problems.append('po/%s.po is not declared UTF-8 (Content-Type: %s)' % (LANGUAGE, charset))
    for e in entries:
        if e['msgid_plural'] is not None and not e['obsolete'] and len(e['msgstr']) != 3:
            problems.append('"%s" has %d plural forms instead of 3' % (e['msgid'], len(e['msgstr'])))
    return problems


def check_po_complete():
    with tempfile.TemporaryDirectory() as folder:
        pot = extract_pot(folder)
        merged = merge_po(folder, pot)
        missing = missing_entries(merged)
        r = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged])
        problems = []
        for e in missing:
            where = e['references'][0] if e['references'] else '?'
            state = 'fuzzy' if 'fuzzy' in e['flags'] else 'untranslated'
            problems.append('%s: %s: %s' % (where, state, po_quote(e['msgid'])))
        if r.returncode != 0:
            problems += ['msgfmt --check: ' + l for l in r.stderr.splitlines()]
        problems.append('msgfmt --statistics: ' + r.stderr.strip().splitlines()[-1]
                        if r.stderr.strip() else 'msgfmt printed nothing')
        # The statistics line is there for the log; only the rest fails.
        return problems if len(problems) > 1 else []


def check_ambiguous_explained():
    with tempfile.TemporaryDirectory() as folder:
        entries = parse_po(extract_pot(folder))
    problems = []
    for e in entries:
        if not e['msgid']:
            continue
        bare = e['msgid'].replace('_', '').rstrip('…')
        if bare in AMBIGUOUS and e['msgctxt'] is None and not e['comments']:
            problems.append('%s: "%s" needs a /* Translators: */ comment or a context (C_ or context="…")'
                            % (', '.join(e['references']), e['msgid']))
    return problems


def check_scanner_finds_problems():
    """The scanners themselves, on code that has every kind of mistake."""
    sample_c = r'''
static void f (GtkLabel *label, GError **error)
{
  gtk_label_set_label (label, "Not marked");
  gtk_label_set_label (label, _("Marked"));
  gtk_label_set_label (label, ok ? _("Marked") : "Half marked");
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read %s", name);
  adw_toast_new (g_strdup_printf ("Saved %s", name));
  adw_message_dialog_add_responses (d, "cancel", _("_Cancel"), "save", "_Save", NULL);
  gtk_label_set_label (label, "%s: %d");
  gtk_widget_set_name (GTK_WIDGET (label), "not-text");
}
'''
    sample_ui = '''<?xml version="1.0" encoding="UTF-8"?>
<interface>
  <object class="GtkLabel">
    <property name="label">Not marked</property>
    <property name="tooltip-text" translatable="yes">Marked</property>
    <property name="icon-name">document-open-symbolic</property>
  </object>
  <object class="GtkStringList"><items><item>Loose item</item></items></object>
  <object class="GtkButton">
    <accessibility>
      <property name="label" translatable="yes" comments="Refused by GTK 4.8">Go</property>
    </accessibility>
  </object>
</interface>
'''
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        c_path = os.path.join(folder, 'sample.c')
        ui_path = os.path.join(folder, 'sample.ui')
        with open(c_path, 'w') as f:
            f.write(sample_c)
        with open(ui_path, 'w') as f:
            f.write(sample_ui)
        found = sorted(literal for _, _, literal in scan_c(c_path, 'app/gui/sample.c', SINKS)
                       if is_text(literal))
        expected = sorted(['Not marked', 'Half marked', 'cannot read %s', 'Saved %s', '_Save'])
        if found != expected:
            problems.append('the C scanner found %s in the sample, expected %s' % (found, expected))
        found = sorted(text for _, _, text in scan_ui(ui_path))
        if found != ['Loose item', 'Not marked',
                     'comments="…" inside <accessibility>, which GTK 4.8 refuses']:
            problems.append('the .ui scanner found %s in the sample' % found)
    return problems


CHECKS = [
    ('the checks find unmarked strings in a sample', check_scanner_finds_problems),
    ('C: text passed to GTK, libadwaita, errors and the command line is marked', check_c_marked),
    ('.ui: visible text is translatable="yes"', check_ui_marked),
    ('po/POTFILES.in lists every file with marked strings', check_potfiles_complete),
    ('po/POTFILES.in lists only files that exist, sorted', check_potfiles_exist),
    ('po/ru.po: Plural-Forms has the three Russian forms', check_plural_forms),
    ('ambiguous short strings carry a translator comment or a context', check_ambiguous_explained),
    ('po/ru.po translates every message of the current sources (no untranslated, no fuzzy)',
     check_po_complete),
]


def main():
    if SOURCE is None:
        sys.exit('usage: check-i18n.py SOURCE_DIR [--missing]')
    if '--missing' in sys.argv[2:]:
        with tempfile.TemporaryDirectory() as folder:
            missing = missing_entries(merge_po(folder, extract_pot(folder)))
        for e in missing:
            print(format_entry(e) + '\n')
        print('# %d messages to translate in po/%s.po' % (len(missing), LANGUAGE), file=sys.stderr)
        sys.exit(1 if missing else 0)

    print('1..%d' % len(CHECKS))
    failed = 0
    for number, (name, check) in enumerate(CHECKS, 1):
        try:
            problems = check()
        except Exception as e:  # a tool that is missing or failed
            problems = ['%s: %s' % (type(e).__name__, e)]
        if problems:
            failed += 1
            print('not ok %d %s' % (number, name))
            for p in problems:
                for line in p.splitlines():
                    print('# ' + line)
        else:
            print('ok %d %s' % (number, name))
    if failed:
        print('# for the messages po/%s.po lacks: python3 tests/tools/check-i18n.py . --missing'
              % LANGUAGE)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
