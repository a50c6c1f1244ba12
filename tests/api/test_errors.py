"""One error shape for the whole API: {"error": "<中文说明>"}, whatever went wrong."""

import uuid

from django.test import Client

from tests.api.conftest import ApiAs


def test_an_unknown_id_is_404_in_the_error_shape(api: ApiAs) -> None:
    response = api("liaison_a").get(f"/api/v1/tasks/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json() == {"error": "对象不存在或无权查看"}


def test_a_malformed_id_is_404_in_the_error_shape(people: dict, client: Client) -> None:
    response = client.get("/api/v1/tasks/not-a-uuid")

    assert response.status_code == 404
    assert response.json() == {"error": "接口不存在"}


def test_an_unknown_path_is_404_in_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {"error": "接口不存在"}


def test_an_invalid_query_parameter_is_422_naming_it_in_chinese(api: ApiAs) -> None:
    response = api("liaison_a").get("/api/v1/tasks/", limit=0, year="二〇一八")

    assert response.status_code == 422
    body = response.json()
    assert list(body) == ["error"]
    assert body["error"].startswith("请求数据有误：")
    assert "query.year 应为整数" in body["error"]
    assert "query.limit 超出范围" in body["error"]


def test_chinese_is_sent_as_utf8_not_escaped(api: ApiAs) -> None:
    response = api("liaison_a").get("/api/v1/tasks/")

    assert "深化行政审批制度改革".encode() in response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_the_openapi_schema_declares_the_error_shape_and_bearer_auth(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()

    assert schema["info"]["title"] == "Dudao API"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["error"]


def test_the_docs_page_is_at_api_docs(client: Client) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"/api/openapi.json" in response.content
