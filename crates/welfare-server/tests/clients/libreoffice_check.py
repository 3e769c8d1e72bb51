#!/usr/bin/python3
"""LibreOffice Writer's built-in LanguageTool client against `welfare serve`.

Starts a headless LibreOffice with a fresh profile, points its remote LanguageTool checker at
BASE/v2 through the configuration API (Tools > Options > Languages and Locales > Writing Aids >
LanguageTool Server), asks the checker service to proofread each paragraph as Writer does, and
prints what LibreOffice received as JSON lines: start and length (UTF-16), short and full
comment, suggestions, underline colour. Run with Debian's python3 (python3-uno):

    /usr/bin/python3 libreoffice_check.py http://127.0.0.1:8080 de-DE "Ein Absatz." ...
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(port, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            return resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.3)


def configure(ctx, base):
    smgr = ctx.ServiceManager
    provider = smgr.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool"),))
    access.setPropertyValue("BaseURL", base.rstrip("/") + "/v2")
    access.setPropertyValue("IsEnabled", True)
    access.commitChanges()


def main():
    base, language, paragraphs = sys.argv[1], sys.argv[2], sys.argv[3:]
    lang, _, country = language.partition("-")
    port = 2002 + os.getpid() % 1000
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}",
         f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(port, proc)
        configure(ctx, base)
        checker = ctx.ServiceManager.createInstanceWithContext(
            "org.openoffice.lingu.LanguageToolGrammarChecker", ctx)
        if checker is None:
            raise SystemExit("LibreOffice has no LanguageTool checker service")
        locale = Locale(lang, country, "")
        for i, text in enumerate(paragraphs):
            result = checker.doProofreading(f"doc{i}", text, locale, 0, len(text), ())
            errors = []
            for e in result.aErrors:
                props = {p.Name: p.Value for p in e.aProperties}
                errors.append({
                    "start": e.nErrorStart, "length": e.nErrorLength,
                    "short": e.aShortComment, "full": e.aFullComment,
                    "suggestions": list(e.aSuggestions),
                    "line_color": props.get("LineColor"),
                })
            print(json.dumps({"paragraph": i, "errors": errors}, ensure_ascii=False), flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
