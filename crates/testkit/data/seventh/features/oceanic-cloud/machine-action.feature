@oceanic-cloud @machine-action
Feature: Machine actions
  POST /v2/machines/{machine_id}/actions (a fictional vendor's page, for the harness's own
  tests: an operation added as data only): a bearer token, a body in one of two shapes chosen
  by "type", a dry run answered 202, a disk resize that can never be undone, a documented
  429 with its rate-limit headers.

  @status-200 @example-resize @example-action-started
  Scenario: A resize to the documented size starts an action
    Given a personal access token with permission
    When I send the documented example request "resize"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example, volatile values aside

  @status-200 @example-reboot
  Scenario: A reboot starts an action
    Given a personal access token with permission
    When I send the documented example request "reboot"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example "action-started", volatile values aside

  @status-200 @example-resize-with-disk
  Scenario: A resize with its disk changes the machine for good
    Given a personal access token with permission
    When I send the documented example request "resize-with-disk"
    Then the response status is 200
    And the body equals the documented example "action-started", volatile values aside

  @status-202 @example-dry-run @example-dry-run-passed
  Scenario: A dry run is only checked
    Given a personal access token with permission
    When I send the documented example request "dry-run"
    Then the response status is 202
    And the body matches the response schema for 202
    And the body equals the documented example, volatile values aside

  @status-401 @example-unauthorized
  Scenario Outline: An action without a valid token is unauthorized
    Given <credentials>
    When I send the documented example request "resize"
    Then the response status is 401
    And the body equals the documented example "unauthorized", volatile values aside

    Examples:
      | credentials                    |
      | no credentials                 |
      | an invalid personal access token |

  @status-404 @example-not-found
  Scenario: A machine that does not exist is not found
    Given a personal access token with permission
    And a machine that does not exist
    When I send the documented example request "resize"
    Then the response status is 404
    And the body equals the documented example "not-found", volatile values aside

  @status-400
  Scenario Outline: A body in no documented shape is refused
    Given a personal access token with permission
    And the documented example request "resize"
    And <edit>
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

    Examples:
      | edit                                       |
      | the field "type" is removed                |
      | the field "type" is set to "hibernate"     |
      | the field "size" is removed                |
      | the field "size" is set to 33 bytes of "a" |
      | the field "disk" is set to "yes"           |

  @status-422 @example-hard-reboot @example-hard-reboot-unavailable
  Scenario: A hard reboot is not available yet
    Given a personal access token with permission
    When I send the documented example request "hard-reboot"
    Then the response status is 422
    And the body equals the documented example, volatile values aside

  @status-400
  Scenario: A reboot of an undocumented mode is refused
    Given a personal access token with permission
    And the documented example request "reboot"
    And the field "mode" is set to "crash"
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

  @status-429 @example-rate-limited
  Scenario: A request over the hourly budget is answered 429 with its rate-limit headers
    Given a personal access token with permission
    When I send the documented example request "resize" with the documented fault 429 injected
    Then the response status is 429
    And the response has the documented headers
    And the body equals the documented example "rate-limited", volatile values aside
