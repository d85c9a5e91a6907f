#!/usr/bin/env python3
"""Looks at an HTML report as a person would: headless Chromium renders it, takes a screenshot,
prints it to PDF on A4 and on Letter, and axe-core scans it for accessibility. Prints one JSON
object with what it found; the Swift test asserts on it.

    check_report.py REPORT.html OUTDIR
"""
import base64, json, os, re, shutil, sys, tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from axe_selenium_python import Axe
from PIL import Image


def pages(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def main(report, outdir):
    os.makedirs(outdir, exist_ok=True)
    # Chromium's profile and chromedriver's scratch go in a folder of their own, removed at the
    # end (they were left in the system's). Short, as Chromium's socket path must be.
    scratch = tempfile.mkdtemp(prefix="tandem-chromium-")
    os.environ["TMPDIR"] = scratch
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    try:
        url = "file://" + os.path.abspath(report)
        driver.get(url)
        shot = os.path.join(outdir, "report.png")
        driver.save_screenshot(shot)
        image = Image.open(shot).convert("RGB")
        colours = len(set(image.resize((200, 266)).getdata()))

        sizes = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
        pdf_pages = {}
        for name, (width, height) in sizes.items():
            printed = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": width, "paperHeight": height, "printBackground": True, "preferCSSPageSize": False})
            data = base64.b64decode(printed["data"])
            with open(os.path.join(outdir, f"report-{name}.pdf"), "wb") as f:
                f.write(data)
            pdf_pages[name] = pages(data)

        console = [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requested = message["params"]["request"]["url"]
                if requested != url and not requested.startswith("data:"):
                    requests.append(requested)

        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        serious = [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])}
                   for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        minor = [v["id"] for v in results["violations"] if v.get("impact") not in ("serious", "critical")]
        print(json.dumps({"screenshot": shot, "colours": colours, "width": image.width, "height": image.height,
                          "pages": pdf_pages, "console": console, "requests": requests,
                          "axe_serious": serious, "axe_minor": minor, "axe_passes": len(results["passes"])}))
    finally:
        driver.quit()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
