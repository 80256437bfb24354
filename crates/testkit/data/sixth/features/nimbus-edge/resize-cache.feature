@nimbus-edge @resize-cache
Feature: Resizing a cache cluster
  POST /v3/{project_id}/caches/{cache_id}/resize (a fictional vendor's page, for the harness's
  own tests: an operation added as data only). Bodies are read from
  fixtures/nimbus-edge/resize-cache.json; the fixture binds the profile's [nimbus] and
  [nimbus.cache] values into them.

  @status-202 @example-resize-to-large @example-accepted
  Scenario: A resize to the documented flavor is accepted
    Given a cache token with permission
    When I send the documented example request "resize-to-large"
    Then the response status is 202
    And the body matches the response schema for 202
    And the body equals the documented example, volatile values aside

  @status-202
  Scenario: A dry run is accepted and changes nothing
    Given a cache token with permission
    And the documented example request "resize-to-large"
    And the field "dry_run" is set to true
    When I send the request
    Then the response status is 202
    And the body matches the response schema for 202

  @status-202
  Scenario: A resize signed with AK/SK is accepted
    Given AK/SK signing with permission
    When I send the documented example request "resize-to-large"
    Then the response status is 202
    And the body equals the documented example "accepted", volatile values aside

  @status-401 @example-unauthorized
  Scenario Outline: A resize without valid credentials is unauthorized
    Given <credentials>
    When I send the documented example request "resize-to-large"
    Then the response status is 401
    And the body matches the response schema for 401
    And the body equals the documented example "unauthorized", volatile values aside

    Examples:
      | credentials                           |
      | no credentials                        |
      | an invalid cache token                |
      | AK/SK signing with a wrong secret key |

  @status-403 @example-forbidden
  Scenario: A resize with a token without permission is forbidden
    Given a cache token without permission
    When I send the documented example request "resize-to-large"
    Then the response status is 403
    And the body equals the documented example "forbidden", volatile values aside

  @status-404 @example-not-found
  Scenario: A cache cluster that does not exist is not found
    Given a cache token with permission
    And a cache cluster that does not exist
    When I send the documented example request "resize-to-large"
    Then the response status is 404
    And the body equals the documented example "not-found", volatile values aside

  @status-400
  Scenario Outline: A request the page does not allow is refused
    Given a cache token with permission
    And the documented example request "resize-to-large"
    And <edit>
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

    Examples:
      | edit                                               |
      | the field "flavor" is removed                      |
      | the field "flavor" is set to 7                     |
      | the field "flavor" is set to 33 bytes of "a"       |
      | the field "dry_run" is set to "yes"                |
