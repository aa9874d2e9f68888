import pytest

pytestmark = pytest.mark.browser


def test_chromium_renders_text_without_running_it_as_html(browser):
    page = browser.new_page()
    page.set_content("<p id='out'></p>")
    page.eval_on_selector("#out", "(el, text) => { el.textContent = text; }", "<b>hi</b>")
    assert page.inner_text("#out") == "<b>hi</b>"
    page.close()
