@hostway @service-action
Feature: Upgrading or downgrading an existing service
  POST /accounts/{accountId}/products/{productId}/services/{serviceId}/action asks for the
  cost of, validates, or makes a change of a service's specification (vendor page
  002_9b2356a8127f7da5.txt). Bodies are read from fixtures/hostway/service-action.json; the
  examples' targetServiceSpecification is replaced by the profile's
  [hostway] target_service_specification. A change upgrades or downgrades the profile's
  service (and can be charged), so it is tagged serial and billable; asking for the cost or a
  validation changes nothing.

  @status-200 @example-cost @example-cost-fees @effect-none @needs-hostway-credentials
  Scenario: Asking for the cost of a change shows the documented fees
    Given valid Hostway credentials
    When I send the documented example request "cost"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example, volatile values aside

  @status-200 @example-validate @example-validate-allowed @effect-none @needs-hostway-credentials
  Scenario: Validating a change answers whether it is allowed
    Given valid Hostway credentials
    When I send the documented example request "validate"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example "validate-allowed", volatile values aside

  @status-204 @example-change @effect-billable @needs-hostway-credentials @serial
  Scenario: The documented change is submitted
    Given valid Hostway credentials
    When I send the documented example request "change"
    Then the response status is 204
    And the response has no body

  @needs-hostway-credentials
  Scenario Outline: Each of the three actions, and an unknown one
    Given valid Hostway credentials
    When I request the "<action>" action on the service
    Then the response status is <status>

    @status-200 @effect-none
    Examples: the fees and the validation
      | action   | status |
      | cost     | 200    |
      | validate | 200    |

    @status-204 @effect-billable @serial
    Examples: the change
      | action | status |
      | change | 204    |

    @status-400 @effect-none
    Examples: an action the page does not list
      | action  | status |
      | upgrade | 400    |
      | COST    | 400    |
      |         | 400    |

  @status-400 @effect-none @needs-hostway-credentials
  Scenario: A request without an action is invalid
    Given valid Hostway credentials
    And the documented example request "validate"
    And the field "action" is removed
    When I send the request
    Then the response status is 400

  @status-400 @effect-none @needs-hostway-credentials
  Scenario Outline: A validation or change without its target specification is invalid
    Given valid Hostway credentials
    And the documented example request "<action>"
    And the field "<field>" is removed
    When I send the request
    Then the response status is 400

    Examples:
      | action   | field                                  |
      | validate | actionData                             |
      | validate | /actionData/targetServiceSpecification |
      | change   | actionData                             |
      | change   | /actionData/targetServiceSpecification |

  @status-400 @effect-none @needs-hostway-credentials
  Scenario Outline: A field of the wrong JSON type is invalid
    Given valid Hostway credentials
    And the documented example request "validate"
    And the field "<field>" is set to <value>
    When I send the request
    Then the response status is 400

    Examples:
      | field                                  | value        |
      | action                                 | 1            |
      | action                                 | ["validate"] |
      | actionData                             | "x"          |
      | /actionData/targetServiceSpecification | 42           |

  @status-400 @effect-none @needs-hostway-credentials
  Scenario Outline: A request body that is not a JSON object is invalid
    Given valid Hostway credentials
    And a request body that is <body>
    When I send the request
    Then the response status is 400

    Examples:
      | body           |
      | empty          |
      | not valid JSON |
      | a JSON array   |

  @status-401 @effect-none @needs-hostway-credentials
  Scenario: A request without credentials is unauthorized
    Given no credentials
    When I send the documented example request "validate"
    Then the response status is 401

  @status-401 @effect-none @needs-hostway-credentials
  Scenario: A request with invalid credentials is unauthorized
    Given invalid Hostway credentials
    When I send the documented example request "validate"
    Then the response status is 401

  @status-404 @effect-none @needs-hostway-credentials
  Scenario Outline: An account, product or service that does not exist is not found
    Given valid Hostway credentials
    And <resource> that does not exist
    When I send the documented example request "validate"
    Then the response status is 404

    Examples:
      | resource   |
      | an account |
      | a product  |
      | a service  |
