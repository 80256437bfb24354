@huawei-apig @postpaid-resize
Feature: Modifying the specifications of a pay-per-use gateway
  POST /v2/{project_id}/apigw/instances/{instance_id}/postpaid-resize creates a specification
  change order for a pay-per-use gateway (vendor page 000_b50e0d19b20b44ba.txt). Every body
  named here is read from fixtures/huawei-apig/postpaid-resize.json by its example name, and
  the fixture binds the profile's values into it. A successful resize (202) changes the
  profile's gateway and creates an order: it resizes to [huawei.apig] target_spec_id, and
  the plan makes it billable and serial. A request a correct target refuses asks for the
  gateway's current specification ([huawei.apig] current_spec_id), so a target that wrongly
  accepts one changes nothing.

  @status-202 @example-resize-to-professional @example-accepted
  Scenario: A resize to the documented specification is accepted
    Given a gateway token with permission
    When I send the documented example request "resize-to-professional"
    Then the response status is 202
    And the body matches the response schema for 202
    And the body equals the documented example, volatile values aside

  @status-202 @example-resize-to-professional @example-accepted
  Scenario: A resize signed with AK/SK instead of a token is accepted
    Given AK/SK signing with permission
    When I send the documented example request "resize-to-professional"
    Then the response status is 202
    And the body matches the response schema for 202
    And the body equals the documented example "accepted", volatile values aside

  @status-401 @example-unauthorized
  Scenario: A resize without credentials is refused as unauthorized
    Given no credentials
    When I send the documented example request "resize-to-professional"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example, volatile values aside

  @status-401 @example-unauthorized
  Scenario: A resize with an invalid token is refused as unauthorized
    Given an invalid gateway token
    When I send the documented example request "resize-to-professional"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example "unauthorized", volatile values aside

  @status-401 @example-unauthorized
  Scenario: A resize signed with a wrong secret key is refused as unauthorized
    Given AK/SK signing with a wrong secret key
    When I send the documented example request "resize-to-professional"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example "unauthorized", volatile values aside

  @status-403 @example-forbidden
  Scenario: A resize with a token without permission is forbidden
    Given a gateway token without permission
    When I send the documented example request "resize-to-professional"
    Then the response status is 403
    And the body matches the response schema for 403
    And the body equals the documented example "forbidden", volatile values aside

  @status-500 @example-internal-error
  Scenario: The documented internal server error has the documented body
    Given a gateway token with permission
    When I send the documented example request "resize-to-professional" with the documented fault 500 injected
    Then the response status is 500
    And the body matches the response schema for 500
    And the body equals the documented example "internal-error", volatile values aside

  @status-4xx
  Scenario Outline: A spec_id of the wrong JSON type is refused
    Given a gateway token with permission
    And the documented example request "resize-to-professional"
    And the field "spec_id" is set to <value>
    When I send the request
    Then the request is refused with a client error

    Examples:
      | value                    |
      | 42                       |
      | true                     |
      | null                     |
      | ["PROFESSIONAL"]         |
      | {"spec": "PROFESSIONAL"} |

  @status-4xx
  Scenario Outline: A request body that is not a JSON object is refused
    Given a gateway token with permission
    And a request body that is <body>
    When I send the request
    Then the request is refused with a client error

    Examples:
      | body           |
      | not valid JSON |
      | a JSON array   |
