@hostway @service-action
Feature: Upgrading or downgrading an existing service
  POST /accounts/{accountId}/products/{productId}/services/{serviceId}/action asks for the
  cost of, validates, or makes a change of a service's specification (vendor page
  002_9b2356a8127f7da5.txt). Bodies are read from fixtures/hostway/service-action.json by
  their example names, and the fixture binds the profile's values into them (the examples'
  targetServiceSpecification becomes [hostway] target_service_specification). What each
  scenario needs, does and may cost follows from the fixture: a change (204) upgrades or
  downgrades the profile's service and can be charged; asking for the cost or a validation
  (200) changes nothing.

  @status-200 @example-cost @example-cost-fees
  Scenario: Asking for the cost of a change shows the documented fees
    Given valid Hostway credentials
    When I send the documented example request "cost"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example, volatile values aside

  @status-200 @example-validate @example-validate-allowed
  Scenario: Validating a change answers whether it is allowed
    Given valid Hostway credentials
    When I send the documented example request "validate"
    Then the response status is 200
    And the body matches the response schema for 200
    And the body equals the documented example "validate-allowed", volatile values aside

  @status-204 @example-change
  Scenario: The documented change is submitted
    Given valid Hostway credentials
    When I send the documented example request "change"
    Then the response status is 204
    And the response has no body

  Scenario Outline: Each of the three actions
    Given valid Hostway credentials
    When I send the documented example request "<action>"
    Then the response status is <status>

    @status-200
    Examples: the fees and the validation
      | action   | status |
      | cost     | 200    |
      | validate | 200    |

    @status-204
    Examples: the change
      | action | status |
      | change | 204    |

  # An action the page does not list is sent on the validate example: should a wrong target act
  # on it anyway, the body asks for a validation (a read), never for a change.
  @status-400
  Scenario Outline: An action the page does not list is invalid
    Given valid Hostway credentials
    And the documented example request "validate"
    And the field "action" is set to "<action>"
    When I send the request
    Then the response status is 400

    Examples:
      | action  |
      | upgrade |
      | COST    |
      |         |

  @status-400
  Scenario: A request without an action is invalid
    Given valid Hostway credentials
    And the documented example request "validate"
    And the field "action" is removed
    When I send the request
    Then the response status is 400

  @status-400
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

  @status-400
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

  @status-400
  Scenario Outline: A target specification that is no service specification URI is invalid
    Given valid Hostway credentials
    And the documented example request "validate"
    And the field "/actionData/targetServiceSpecification" is set to "<uri>"
    When I send the request
    Then the response status is 400

    Examples:
      | uri                                |
      | https://api.hostway.com/products/1 |
      | serviceSpecifications/2002         |

  @status-400
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

  @status-401
  Scenario: A request without credentials is unauthorized
    Given no credentials
    When I send the documented example request "validate"
    Then the response status is 401

  @status-401
  Scenario: A request with invalid credentials is unauthorized
    Given invalid Hostway credentials
    When I send the documented example request "validate"
    Then the response status is 401

  @status-404
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
