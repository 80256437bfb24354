@huawei-cph @change-server-model
Feature: Changing the flavor of a cloud phone server
  POST /v1/{project_id}/cloud-phone/servers/change-server-model changes the flavor of a cloud
  phone server (vendor page 001_10f555770145262a.txt). Bodies are read from
  fixtures/huawei-cph/change-server-model.json; the request example's server_id is replaced by
  the profile's [huawei.cph] server_id, and its flavors by the profile's server_model_name and
  phone_model_name (refusals: current_server_model_name and current_phone_model_name, so a
  target that wrongly accepts one changes nothing). The page documents only 200: refusals of
  malformed bodies are checked as "a client error", and 401/403 (erratum
  cph-auth-failures-undocumented) for their status and {error_code, error_msg} shape only. A
  successful change (200) alters the profile's server and creates an order: the plan makes it
  billable and serial.

  @status-200 @example-change-flavor @example-ok
  Scenario: The documented flavor change is accepted
    Given a cloud phone token with permission
    When I send the documented example request "change-flavor"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example, volatile values aside

  @status-200 @example-change-flavor @example-ok
  Scenario: A flavor change signed with AK/SK instead of a token is accepted
    Given AK/SK signing with permission
    When I send the documented example request "change-flavor"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example "ok", volatile values aside

  @status-200
  Scenario Outline: Automatic payment may be on, off or left out
    Given a cloud phone token with permission
    And the documented example request "change-flavor"
    And the field "/extend_param/is_auto_pay" is set to <is_auto_pay>
    When I send the request
    Then the response status is 200
    And the body matches the response schema for 200

    Examples:
      | is_auto_pay |
      | 0           |
      | 1           |

  @status-200
  Scenario: The purchase mode may be left out
    Given a cloud phone token with permission
    And the documented example request "change-flavor"
    And the field "extend_param" is removed
    When I send the request
    Then the response status is 200
    And the body matches the response schema for 200

  # A real server refuses a flavor it does not have, and none has a 64-byte name: the accepted
  # boundary is proven on the stub's data only.

  @status-200
  Scenario Outline: A model name of up to 64 bytes is accepted
    Given a cloud phone token with permission
    And the documented example request "change-flavor"
    And the field "server_model_name" is set to <bytes> bytes of "<unit>", a value only the stub has
    When I send the request
    Then the response status is 200

    Examples: the documented maximum of 64 bytes
      | bytes | unit |
      | 64    | a    |
      | 64    | é    |

  @status-4xx
  Scenario Outline: A model name longer than 64 bytes is refused
    Given a cloud phone token with permission
    And the documented example request "change-flavor"
    And the field "server_model_name" is set to <bytes> bytes of "<unit>"
    When I send the request
    Then the request is refused with a client error

    Examples: beyond it, also when the characters are fewer than 64
      | bytes | unit |
      | 65    | a    |
      | 66    | é    |

  @status-4xx
  Scenario Outline: Each required field missing in turn is refused
    Given a cloud phone token with permission
    And the documented example request "change-flavor"
    And the field "<field>" is removed
    When I send the request
    Then the request is refused with a client error

    Examples:
      | field             |
      | server_id         |
      | server_model_name |
      | phone_model_name  |

  @status-4xx
  Scenario Outline: A field of the wrong JSON type is refused
    Given a cloud phone token with permission
    And the documented example request "change-flavor"
    And the field "<field>" is set to <value>
    When I send the request
    Then the request is refused with a client error

    Examples:
      | field                     | value  |
      | server_id                 | 42     |
      | server_model_name         | true   |
      | phone_model_name          | ["x"]  |
      | extend_param              | "yes"  |
      | /extend_param/is_auto_pay | "1"    |
      | /extend_param/is_auto_pay | 2      |

  @status-401 @example-unauthorized
  Scenario: A flavor change without credentials is refused as unauthorized
    Given no credentials
    When I send the documented example request "change-flavor"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example "unauthorized", volatile values aside

  @status-401 @example-unauthorized
  Scenario: A flavor change with an invalid token is refused as unauthorized
    Given an invalid cloud phone token
    When I send the documented example request "change-flavor"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example "unauthorized", volatile values aside

  @status-401 @example-unauthorized
  Scenario: A flavor change signed with a wrong secret key is refused as unauthorized
    Given AK/SK signing with a wrong secret key
    When I send the documented example request "change-flavor"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example "unauthorized", volatile values aside

  @status-403 @example-forbidden
  Scenario: A flavor change with a token without permission is forbidden
    Given a cloud phone token without permission
    When I send the documented example request "change-flavor"
    Then the response status is 403
    And the body matches the response schema for 403
    And the body equals the documented example "forbidden", volatile values aside
